package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.persistence.container.ContainerHealth;
import dev.berth.persistence.container.HealthStatus;
import dev.berth.persistence.container.Healthcheck;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthchecksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void parse_dockersShape_andRenderOmitsUnsetParts() throws Exception {
        Healthcheck h = Healthchecks.parse(JSON.readTree(
                "{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":1000000000,\"Timeout\":0,\"Retries\":2}"));
        assertThat(h).isEqualTo(new Healthcheck(List.of("CMD-SHELL", "true"), 1_000_000_000L, 0, 0, 0, 2));
        assertThat(Healthchecks.render(h).toString())
                .isEqualTo("{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":1000000000,\"Retries\":2}");
        assertThat(Healthchecks.parse(null)).isNull();
        assertThat(Healthchecks.parse(JSON.readTree("null"))).isNull();
    }

    @Test
    void parse_badValues_400WithDockerdsWords() throws Exception {
        assertThatThrownBy(() -> Healthchecks.parse(JSON.readTree("{\"Interval\":500000}")))
                .hasMessage("Interval in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> Healthchecks.parse(JSON.readTree("{\"Interval\":\"1s\"}")))
                .hasMessageContaining("cannot unmarshal string");
    }

    @Test
    void parse_goIntsBeyondJavaInt_keptWhole_numbersBeyondGo_refusedInGosWords() throws Exception {
        // Retries is a Go int, the durations Go's int64 time.Duration: 3000000000 retries is kept as given
        Healthcheck h = Healthchecks.parse(JSON.readTree("{\"Test\":[\"CMD\",\"true\"],\"Retries\":3000000000}"));
        assertThat(h.retries()).isEqualTo(3_000_000_000L);
        assertThat(h.retriesOrDefault()).isEqualTo(3_000_000_000L);
        assertThat(Healthchecks.render(h).path("Retries").longValue()).isEqualTo(3_000_000_000L);
        assertThatThrownBy(() -> Healthchecks.parse(JSON.readTree("{\"Retries\":-3000000000}")))
                .hasMessage("Retries in Healthcheck cannot be negative");
        assertThatThrownBy(() -> Healthchecks.parse(JSON.readTree("{\"Interval\":99999999999999999999}")))
                .hasMessage("json: cannot unmarshal number 99999999999999999999 into Go struct field "
                        + "HealthConfig.Healthcheck.Interval of type time.Duration");
        assertThatThrownBy(() -> Healthchecks.parse(JSON.readTree("{\"Retries\":1.5}")))
                .hasMessage("json: cannot unmarshal number 1.5 into Go struct field HealthConfig.Healthcheck.Retries of type int");
    }

    @Test
    void renderState_dockersFields_andPsSuffix() {
        Instant t = Instant.parse("2024-05-01T10:00:00.5Z");
        var h = new ContainerHealth(HealthStatus.UNHEALTHY, 3, List.of(new ContainerHealth.Probe(t, t.plusMillis(5), 1, "no\n")));
        assertThat(Healthchecks.render(h).toString()).isEqualTo("{\"Status\":\"unhealthy\",\"FailingStreak\":3,\"Log\":"
                + "[{\"Start\":\"2024-05-01T10:00:00.500Z\",\"End\":\"2024-05-01T10:00:00.505Z\",\"ExitCode\":1,\"Output\":\"no\\n\"}]}");
        assertThat(Healthchecks.psSuffix(HealthStatus.STARTING)).isEqualTo(" (health: starting)");
        assertThat(Healthchecks.psSuffix(HealthStatus.HEALTHY)).isEqualTo(" (healthy)");
    }

    @Test
    void goDuration_asGoPrintsIt() {
        assertThat(ProbeRun.goDuration(Duration.ofMillis(500))).isEqualTo("500ms");
        assertThat(ProbeRun.goDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(ProbeRun.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(ProbeRun.goDuration(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(ProbeRun.goDuration(Duration.ofHours(1))).isEqualTo("1h0m0s");
        assertThat(ProbeRun.goDuration(Duration.ofNanos(1500))).isEqualTo("1.5µs");
    }
}
