package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.RuntimeDriver;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The runtime's spec is made from the journaled records as they are: no text is parsed at start. */
class DriverRuntimeTest {

    private static ContainerSpec spec(List<TmpfsMount> tmpfs, List<BindMount> binds) {
        return spec(tmpfs, binds, Set.of());
    }

    /** A runtime whose features list {@code mountOptions}; it is asked nothing else. */
    private static RuntimeDriver runtime(Set<String> mountOptions) {
        return (RuntimeDriver) Proxy.newProxyInstance(RuntimeDriver.class.getClassLoader(), new Class<?>[] {RuntimeDriver.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("mountOptions")) {
                        return mountOptions;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static ContainerSpec spec(List<TmpfsMount> tmpfs, List<BindMount> binds, Set<String> mountOptions) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        var host = HostConfig.builder().networkMode("none").tmpfs(tmpfs).binds(binds).build();
        var info = new ContainerInfo("c".repeat(64), "web", Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(),
                config, host, null, null, 0, false, "", 0, List.of());
        return new DriverRuntime(runtime(mountOptions), null, null, null, Path.of("/var/lib/berth"))
                .spec(info, Path.of("/rootfs"), ContainerSpec.NetworkSetup.host(), List.of());
    }

    @Test
    void spec_binds_recursiveWithAccessAndPropagationAsAsked() {
        var mounts = spec(List.of(), List.of(BindMount.parse("/srv:/data:ro,Z"), BindMount.parse("/src:/w:rslave"))).mounts();
        assertThat(mounts).containsExactly(
                new ContainerSpec.Mount("bind", "/srv", "/data", List.of("rbind", "ro")), // a runtime that cannot say: ro
                new ContainerSpec.Mount("bind", "/src", "/w", List.of("rbind", "rw", "rslave")));
    }

    @Test
    void spec_readOnlyBinds_rroWhereTheRuntimeHasIt_unlessAskedOtherwise() {
        var binds = List.of(BindMount.parse("/srv:/data:ro"), BindMount.parse("/srv:/old:ro").readOnlyNonRecursive(),
                BindMount.parse("/src:/w"));
        assertThat(spec(List.of(), binds, Set.of("ro", "rro")).mounts()).extracting(ContainerSpec.Mount::options)
                .containsExactly(List.of("rbind", "rro"), List.of("rbind", "ro"), List.of("rbind", "rw"));
        assertThat(spec(List.of(), binds, Set.of("ro", "rbind")).mounts()).extracting(ContainerSpec.Mount::options)
                .as("a runtime without rro").containsExactly(List.of("rbind", "ro"), List.of("rbind", "ro"), List.of("rbind", "rw"));
        var forced = new BindMount("/srv", "/data", List.of(BindMount.Option.RO), false, GivenAs.MOUNTS, false,
                BindMount.ReadOnlyDepth.RECURSIVE);
        assertThat(spec(List.of(), List.of(forced), Set.of("rro")).mounts().get(0).options()).containsExactly("rbind", "rro");
        assertThatThrownBy(() -> spec(List.of(), List.of(forced), Set.of("ro")))
                .hasMessage("rro is not supported by runtime \"runc\"");
        assertThatThrownBy(() -> spec(List.of(), List.of(forced), Set.of()))
                .hasMessage("rro is not supported by runtime \"runc\": OCI features struct is not available");
    }

    @Test
    void kernelTooOld_before512() {
        assertThat(RecursiveReadOnly.kernelTooOld("6.18.44-fc-v1272")).isNull();
        assertThat(RecursiveReadOnly.kernelTooOld("5.12.0")).isNull();
        assertThat(RecursiveReadOnly.kernelTooOld("5.10.0-28-amd64")).contains("kernel is older than 5.12");
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
