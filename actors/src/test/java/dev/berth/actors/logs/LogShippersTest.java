package dev.berth.actors.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.HostConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the shippers keep per container, over runs that come and go (issue #12: resource hygiene). */
class LogShippersTest {
    @TempDir
    Path dataRoot;

    /** run --rm: the container is removed (forget) before the shipping thread drains its exit. */
    @Test
    void removedBeforeItsDrain_leavesNothingBehind() throws Exception {
        try (var shippers = new LogShippers(dataRoot, id -> null)) {
            for (int i = 0; i < 50; i++) {
                String id = "c" + i;
                Files.createDirectories(dataRoot.resolve("containers").resolve(id));
                shippers.starting(info(id));
                shippers.forget(id);
                try (var files = Files.walk(dataRoot.resolve("containers").resolve(id))) {
                    for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(f); // the container's directory goes with it
                    }
                }
                shippers.drain(id);
            }
            assertThat(shippers.tracked()).isZero();
        }
    }

    /** Every order an exit's drain and a removal can come in leaves no shipper behind. */
    @Test
    void drainAndForget_inAnyOrder_leaveNoShipper() throws Exception {
        try (var shippers = new LogShippers(dataRoot, id -> null)) {
            for (int i = 0; i < 30; i++) {
                String id = "d" + i;
                Files.createDirectories(dataRoot.resolve("containers").resolve(id));
                shippers.starting(info(id));
                assertThat(shippers.tracked()).isEqualTo(1);
                switch (i % 3) {
                    case 0 -> { shippers.drain(id); shippers.forget(id); }
                    case 1 -> { shippers.forget(id); shippers.drain(id); } // directory still there
                    default -> { shippers.drain(id); shippers.drain(id); shippers.forget(id); }
                }
                assertThat(shippers.tracked()).isZero();
            }
        }
    }

    private static ContainerInfo info(String id) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        return new ContainerInfo(id, "web", Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(), config,
                HostConfig.builder().networkMode("none").build(), null, null, 0, false, "", 0, List.of());
    }
}
