package dev.berth.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.model.ContainerSummary;
import dev.berth.api.model.EndpointSettings;
import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The body of {@code GET /containers/json?all=1} at 1,000 containers: a list of
 * {@link ContainerSummary} (as the daemon's ContainerDtos builds them for created/exited containers
 * on {@code --network none}) serialized with the API's own ObjectMapper ({@code dev.berth.api.Json.MAPPER},
 * read reflectively: it is package-private).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PsRenderBench {
    @Param({"1000"})
    int containers;

    ObjectMapper mapper;
    List<ContainerSummary> list;

    @Setup
    public void setUp() throws Exception {
        Class<?> json = Class.forName("dev.berth.api.Json");
        Field f = json.getDeclaredField("MAPPER");
        f.setAccessible(true);
        mapper = (ObjectMapper) f.get(null);

        Random random = new Random(42);
        byte[] id = new byte[32];
        long created = Instant.parse("2026-11-01T10:00:00Z").getEpochSecond();
        list = new ArrayList<>(containers);
        EndpointSettings none = new EndpointSettings(null, null, null, "", null, 0, "f".repeat(64), "", "", "", 0, "",
                "", 0, null);
        for (int i = 0; i < containers; i++) {
            random.nextBytes(id);
            String hex = HexFormat.of().formatHex(id);
            boolean exited = i % 3 == 0;
            list.add(new ContainerSummary(hex, List.of("/bench-" + i), "busybox",
                    "sha256:" + "a".repeat(64), "sleep 3600", created + i, List.of(), null, null,
                    Map.of("com.example.team", "infra", "com.example.idx", Integer.toString(i)),
                    exited ? "exited" : "created", exited ? "Exited (0) 2 minutes ago" : "Created",
                    new ContainerSummary.HostConfigSummary("none", null),
                    new ContainerSummary.NetworkSummary(Map.of("none", none)), List.of()));
        }
    }

    @Benchmark
    public byte[] render() throws Exception {
        return mapper.writeValueAsBytes(list);
    }
}
