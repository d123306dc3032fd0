package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.spi.runtime.ResourceUsage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stats JSON as the docker CLI reads it: CPU % from two samples, memory minus inactive file. */
class StatsDtosTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ResourceUsage sample(Instant at, long cpu, long host) {
        return new ResourceUsage(at, new ResourceUsage.Cpu(cpu, List.of(cpu / 2, cpu / 2), cpu / 4, cpu / 4, host, 2, 0, 0, 0),
                new ResourceUsage.Memory(10_000_000, 12_000_000, 64L << 20, 0, Map.of("total_inactive_file", 2_000_000L)),
                new ResourceUsage.Pids(3, 0), Map.of("eth0", new ResourceUsage.NetworkIo(1, 2, 0, 0, 3, 4, 0, 0)),
                List.of(new ResourceUsage.BlockIo(8, 0, "Read", 4096)));
    }

    @Test
    void of_twoSamples_dockersFieldNamesAndTheCliscomputation() throws Exception {
        var before = sample(Instant.parse("2026-12-03T08:00:00Z"), 1_000_000_000L, 100_000_000_000L);
        var now = sample(Instant.parse("2026-12-03T08:00:01Z"), 1_500_000_000L, 102_000_000_000L);
        JsonNode j = JSON.readTree(JSON.writeValueAsBytes(StatsDtos.of("web", "abc", now, before)));

        assertThat(j.path("name").asText()).isEqualTo("/web");
        assertThat(j.path("read").asText()).isEqualTo("2026-12-03T08:00:01Z");
        assertThat(j.path("preread").asText()).isEqualTo("2026-12-03T08:00:00Z");
        // the CLI: (cpu delta / system delta) * online cpus * 100
        double cpuDelta = j.at("/cpu_stats/cpu_usage/total_usage").asDouble() - j.at("/precpu_stats/cpu_usage/total_usage").asDouble();
        double sysDelta = j.at("/cpu_stats/system_cpu_usage").asDouble() - j.at("/precpu_stats/system_cpu_usage").asDouble();
        assertThat(cpuDelta / sysDelta * j.at("/cpu_stats/online_cpus").asInt() * 100).isEqualTo(50.0);
        assertThat(j.at("/cpu_stats/cpu_usage/percpu_usage").size()).isEqualTo(2);
        assertThat(j.at("/memory_stats/usage").asLong() - j.at("/memory_stats/stats/total_inactive_file").asLong())
                .isEqualTo(8_000_000L);
        assertThat(j.at("/memory_stats/limit").asLong()).isEqualTo(64L << 20);
        assertThat(j.at("/pids_stats/current").asInt()).isEqualTo(3);
        assertThat(j.at("/networks/eth0/rx_bytes").asLong()).isEqualTo(1);
        assertThat(j.at("/networks/eth0/tx_packets").asLong()).isEqualTo(4);
        assertThat(j.at("/blkio_stats/io_service_bytes_recursive/0/op").asText()).isEqualTo("Read");
        assertThat(j.at("/blkio_stats").has("io_serviced_recursive")).isTrue();
    }

    @Test
    void stopped_zeroTimesNoNetworksEmptyMemory() throws Exception {
        JsonNode j = JSON.readTree(JSON.writeValueAsBytes(StatsDtos.stopped("web", "abc")));
        assertThat(j.path("read").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(j.has("networks")).isFalse();
        assertThat(j.path("memory_stats").size()).isZero();
        assertThat(j.at("/cpu_stats/cpu_usage/total_usage").asLong()).isZero();
        assertThat(j.path("id").asText()).isEqualTo("abc");
    }
}
