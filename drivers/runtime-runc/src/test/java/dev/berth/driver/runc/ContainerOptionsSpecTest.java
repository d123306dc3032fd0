package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.NetworkSetup;
import dev.berth.spi.runtime.ContainerSpec.Resources;
import dev.berth.spi.runtime.ContainerSpec.Rlimit;
import dev.berth.spi.runtime.ContainerSpec.Security;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --shm-size, --ulimit and --sysctl in config.json. */
class ContainerOptionsSpecTest {
    private static final HostInfo HOST = new HostInfo("amd64", "6.1.0", 40, true, false);
    private static final UserResolver.User ROOT = new UserResolver.User(0, 0, List.of(), "/root");
    private final OciSpecBuilder builder = new OciSpecBuilder(HOST, SeccompProfile.dockerDefault(), "berth");

    private ObjectNode build(long shm, List<Rlimit> rlimits, Map<String, String> sysctls) {
        var spec = new ContainerSpec("c1", Path.of("/data/containers/c1"), Path.of("/rootfs"), false, List.of("sh"),
                List.of(), "/", "", "box", "", NetworkSetup.none(), List.of(), Resources.NONE, Security.DEFAULT,
                Map.of(), Path.of("/data/containers/c1/container.log"), false, false, false, null, shm, rlimits,
                sysctls);
        return builder.build(spec, ROOT, spec.bundleDir());
    }

    private static JsonNode shm(ObjectNode spec) {
        for (JsonNode m : spec.get("mounts")) {
            if (m.get("destination").asText().equals("/dev/shm")) {
                return m;
            }
        }
        throw new AssertionError("no /dev/shm");
    }

    @Test
    void shmSize_inTheTmpfsOptions() {
        assertThat(shm(build(0, null, null)).get("options").toString()).contains("\"size=65536k\"");
        assertThat(shm(build(128L << 20, null, null)).get("options").toString()).contains("\"size=131072k\"");
        assertThat(shm(build(1000, null, null)).get("options").toString()).contains("\"size=1000\"");
    }

    @Test
    void ulimits_asOciRlimits_minusOneIsInfinity() {
        ObjectNode spec = build(0, List.of(new Rlimit("nofile", 100, 200), new Rlimit("core", -1, -1)), null);
        assertThat(spec.at("/process/rlimits").toString()).isEqualTo(
                "[{\"type\":\"RLIMIT_NOFILE\",\"hard\":200,\"soft\":100},"
                        + "{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":18446744073709551615}]");
        assertThat(build(0, null, null).at("/process").has("rlimits")).isFalse();
    }

    @Test
    void sysctls_inLinuxSysctl() {
        ObjectNode spec = build(0, null, Map.of("net.ipv4.ip_forward", "1", "kernel.shmmax", "65536"));
        assertThat(spec.at("/linux/sysctl").toString())
                .isEqualTo("{\"kernel.shmmax\":\"65536\",\"net.ipv4.ip_forward\":\"1\"}");
        assertThat(build(0, null, null).get("linux").has("sysctl")).isFalse();
    }

    @Test
    void cpuQuotaPeriod_reservation_oomKillDisable_oomScoreAdj() {
        var r = new Resources(0, 0, 0, 0, 0, "", "", 50_000, 200_000, 32L << 20, true);
        var spec = new ContainerSpec("c1", Path.of("/data/containers/c1"), Path.of("/rootfs"), false, List.of("sh"),
                List.of(), "/", "", "box", "", NetworkSetup.none(), List.of(), r, Security.DEFAULT, Map.of(),
                Path.of("/data/containers/c1/container.log"), false, false, false, null, 0, null, null, 500);
        ObjectNode oci = builder.build(spec, ROOT, spec.bundleDir());
        assertThat(oci.at("/linux/resources/cpu/quota").asLong()).isEqualTo(50_000);
        assertThat(oci.at("/linux/resources/cpu/period").asLong()).isEqualTo(200_000);
        assertThat(oci.at("/linux/resources/memory/reservation").asLong()).isEqualTo(32L << 20);
        assertThat(oci.at("/linux/resources/memory/disableOOMKiller").asBoolean()).isTrue();
        assertThat(oci.at("/linux/resources/memory").has("limit")).isFalse();
        assertThat(oci.at("/process/oomScoreAdj").asInt()).isEqualTo(500);
        assertThat(RuncControl.flags(r, true)).contains("--cpu-period=200000", "--cpu-quota=50000");
    }

    @Test
    void hostNamespaces_leftOutOfTheList_noHostnameWithHostUts_hostShm() {
        var spec = new ContainerSpec("c1", Path.of("/data/containers/c1"), Path.of("/rootfs"), false, List.of("sh"),
                List.of(), "/", "", "box", "", NetworkSetup.none(), List.of(), Resources.NONE, Security.DEFAULT,
                Map.of(), Path.of("/data/containers/c1/container.log"), false, false, false, null, 0, null, null, 0,
                true, true, true);
        ObjectNode oci = builder.build(spec, ROOT, spec.bundleDir());
        List<String> types = new java.util.ArrayList<>();
        oci.at("/linux/namespaces").forEach(n -> types.add(n.get("type").asText()));
        assertThat(types).containsExactly("mount", "network");
        assertThat(oci.has("hostname")).isFalse();
        assertThat(shm(oci).get("type").asText()).isEqualTo("bind");
        assertThat(shm(oci).get("source").asText()).isEqualTo("/dev/shm");
        List<String> own = new java.util.ArrayList<>();
        build(0, null, null).at("/linux/namespaces").forEach(n -> own.add(n.get("type").asText()));
        assertThat(own).containsExactly("pid", "ipc", "uts", "mount", "network");
    }
}
