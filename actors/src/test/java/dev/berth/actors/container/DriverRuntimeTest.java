package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.spi.runtime.ContainerSpec;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runtime's spec is made from the journaled records as they are: no text is parsed at start. */
class DriverRuntimeTest {

    private static ContainerSpec spec(List<TmpfsMount> tmpfs, List<BindMount> binds) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        var host = HostConfig.builder().networkMode("none").tmpfs(tmpfs).binds(binds).build();
        var info = new ContainerInfo("c".repeat(64), "web", Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(),
                config, host, null, null, 0, false, "", 0, List.of());
        return new DriverRuntime(null, null, null, null, Path.of("/var/lib/berth"))
                .spec(info, Path.of("/rootfs"), ContainerSpec.NetworkSetup.host(), List.of());
    }

    @Test
    void spec_binds_recursiveWithAccessAndPropagationAsAsked() {
        var mounts = spec(List.of(), List.of(BindMount.parse("/srv:/data:ro,Z"), BindMount.parse("/src:/w:rslave"))).mounts();
        assertThat(mounts).containsExactly(
                new ContainerSpec.Mount("bind", "/srv", "/data", List.of("rbind", "ro")),
                new ContainerSpec.Mount("bind", "/src", "/w", List.of("rbind", "rw", "rslave")));
    }

    @Test
    void spec_tmpfs_optionsAsGiven() {
        var mounts = spec(List.of(TmpfsMount.parse("/run", "size=64m,noexec"), TmpfsMount.parse("/tmp", "")), List.of())
                .mounts();
        assertThat(mounts).containsExactly(
                new ContainerSpec.Mount("tmpfs", "tmpfs", "/run", List.of("size=64m", "noexec")),
                new ContainerSpec.Mount("tmpfs", "tmpfs", "/tmp", List.of()));
    }
}
