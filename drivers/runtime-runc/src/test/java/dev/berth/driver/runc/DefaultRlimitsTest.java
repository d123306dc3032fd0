package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.NetworkSetup;
import dev.berth.spi.runtime.ContainerSpec.Resources;
import dev.berth.spi.runtime.ContainerSpec.Rlimit;
import dev.berth.spi.runtime.ContainerSpec.Security;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultRlimitsTest {
    private static final HostInfo HOST = new HostInfo("amd64", "6.1.0", 40, true, false);
    private static final UserResolver.User ROOT = new UserResolver.User(0, 0, List.of(), "/root");

    private static JsonNode rlimits(List<Rlimit> defaults, List<Rlimit> own) {
        OciSpecBuilder b = new OciSpecBuilder(HOST, SeccompProfile.dockerDefault(), "berth", DockerInit.OFF,
                RuncRuntimeProvider.rlimits(defaults.stream().map(r -> r.name() + "=" + r.soft() + ":" + r.hard())
                        .reduce((x, y) -> x + "," + y).orElse("")));
        ContainerSpec spec = new ContainerSpec("c1", Path.of("/b"), Path.of("/rootfs"), false, List.of("true"), List.of(),
                "/", "", "box", "", NetworkSetup.none(), List.of(), Resources.NONE, Security.DEFAULT, Map.of(),
                Path.of("/b/log"), false, false, false, null, 0, own, Map.of());
        return b.build(spec, ROOT, Path.of("/b")).at("/process/rlimits");
    }

    @Test
    void build_daemonDefaults_applyUnlessTheContainerNamesThem() {
        JsonNode r = rlimits(List.of(new Rlimit("nofile", 1024, 2048), new Rlimit("nproc", -1, -1)),
                List.of(new Rlimit("nofile", 100, 200)));
        assertThat(r.toString()).isEqualTo("[{\"type\":\"RLIMIT_NOFILE\",\"hard\":200,\"soft\":100},"
                + "{\"type\":\"RLIMIT_NPROC\",\"hard\":18446744073709551615,\"soft\":18446744073709551615}]");
    }

    @Test
    void build_noDefaultsNoOwn_noRlimits() {
        assertThat(rlimits(List.of(), List.of()).isMissingNode()).isTrue();
    }
}
