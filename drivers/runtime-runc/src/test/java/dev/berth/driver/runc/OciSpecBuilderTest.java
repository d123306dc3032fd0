package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.Mount;
import dev.berth.spi.runtime.ContainerSpec.NetworkMode;
import dev.berth.spi.runtime.ContainerSpec.NetworkSetup;
import dev.berth.spi.runtime.ContainerSpec.Resources;
import dev.berth.spi.runtime.ContainerSpec.Security;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciSpecBuilderTest {

    private static final HostInfo HOST = new HostInfo("amd64", "6.1.0", 40, true, false);
    private static final UserResolver.User ROOT = new UserResolver.User(0, 0, List.of(), "/root");
    private final OciSpecBuilder builder = new OciSpecBuilder(HOST, SeccompProfile.dockerDefault(), "berth");

    private static ContainerSpec spec(NetworkSetup net, List<Mount> mounts, Resources r, Security s, List<String> env) {
        return new ContainerSpec("c1", Path.of("/data/containers/c1"), Path.of("/rootfs"), true, List.of("sh", "-c", "true"),
                env, "/work", "", "box", "", net, mounts, r, s, Map.of("com.example.x", "1"),
                Path.of("/data/containers/c1/container.log"));
    }

    private ObjectNode build(ContainerSpec spec) {
        return builder.build(spec, ROOT, spec.bundleDir());
    }

    private static ContainerSpec plain() {
        return spec(NetworkSetup.none(), List.of(), Resources.NONE, Security.DEFAULT, List.of());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode mount(ObjectNode spec, String destination) {
        for (JsonNode m : spec.get("mounts")) {
            if (m.get("destination").asText().equals(destination)) {
                return m;
            }
        }
        return null;
    }

    @Test
    void build_default_dockerCapsInThreeSets() {
        JsonNode caps = build(plain()).at("/process/capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            assertThat(texts(caps.get(set))).containsExactlyElementsOf(Capabilities.DEFAULT);
        }
        assertThat(caps.has("inheritable")).isFalse();
    }

    @Test
    void build_nonRootUser_boundingOnly() {
        ObjectNode s = builder.build(plain(), new UserResolver.User(1000, 1000, List.of(20L), "/"), Path.of("/b"));
        assertThat(s.at("/process/capabilities/effective")).isEmpty();
        assertThat(s.at("/process/capabilities/bounding")).hasSize(14);
        assertThat(s.at("/process/user/uid").asLong()).isEqualTo(1000);
        assertThat(texts(s.at("/process/user/additionalGids"))).containsExactly("20");
    }

    @Test
    void build_default_maskedReadonlyPathsAndSeccomp() {
        ObjectNode s = build(plain());
        assertThat(texts(s.at("/linux/maskedPaths"))).contains("/proc/kcore", "/proc/keys", "/sys/firmware");
        assertThat(texts(s.at("/linux/readonlyPaths"))).contains("/proc/sys", "/proc/sysrq-trigger");
        assertThat(s.at("/linux/seccomp/defaultAction").asText()).isEqualTo("SCMP_ACT_ERRNO");
    }

    @Test
    void build_privileged_allCapsNoSeccompNoMasksAllDevices() {
        ObjectNode s = build(spec(NetworkSetup.none(), List.of(), Resources.NONE,
                new Security(true, List.of(), List.of(), List.of()), List.of()));
        assertThat(s.at("/process/capabilities/bounding")).hasSize(41);
        assertThat(s.at("/linux").has("seccomp")).isFalse();
        assertThat(s.at("/linux").has("maskedPaths")).isFalse();
        assertThat(s.at("/linux/resources/devices")).hasSize(1);
        assertThat(s.at("/linux/resources/devices/0/allow").asBoolean()).isTrue();
        assertThat(texts(mount(s, "/sys").get("options"))).doesNotContain("ro");
    }

    @Test
    void build_securityOpts_unconfinedAndNoNewPrivileges() {
        ObjectNode s = build(spec(NetworkSetup.none(), List.of(), Resources.NONE,
                new Security(false, List.of(), List.of(), List.of("seccomp=unconfined", "no-new-privileges")), List.of()));
        assertThat(s.at("/linux").has("seccomp")).isFalse();
        assertThat(s.at("/process/noNewPrivileges").asBoolean()).isTrue();
        assertThat(build(plain()).at("/process/noNewPrivileges").asBoolean()).isFalse();
    }

    @Test
    void build_default_devicesDenyAllThenDockerAllowList() {
        JsonNode devices = build(plain()).at("/linux/resources/devices");
        assertThat(devices.get(0).get("allow").asBoolean()).isFalse();
        assertThat(devices.get(0).get("access").asText()).isEqualTo("rwm");
        assertThat(devices.toString()).contains("{\"allow\":true,\"type\":\"c\",\"access\":\"m\"}",
                "{\"allow\":true,\"type\":\"b\",\"access\":\"m\"}",
                "{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"rwm\"}",
                "{\"allow\":true,\"type\":\"c\",\"major\":136,\"access\":\"rwm\"}");
    }

    @Test
    void build_networkModes_namespaces() {
        assertThat(build(plain()).at("/linux/namespaces").toString()).contains("{\"type\":\"network\"}", "pid", "ipc", "uts", "mount");
        ObjectNode host = build(spec(NetworkSetup.host(), List.of(), Resources.NONE, Security.DEFAULT, List.of()));
        assertThat(host.at("/linux/namespaces").toString()).doesNotContain("network");
        NetworkSetup ns = new NetworkSetup(NetworkMode.NAMESPACE, Path.of("/run/netns/x"), List.of(), List.of(), List.of(), List.of(), List.of());
        assertThat(build(spec(ns, List.of(), Resources.NONE, Security.DEFAULT, List.of())).at("/linux/namespaces").toString())
                .contains("{\"type\":\"network\",\"path\":\"/run/netns/x\"}");
    }

    @Test
    void build_cgroupsPathRootAndAnnotations() {
        ObjectNode s = build(plain());
        assertThat(s.at("/linux/cgroupsPath").asText()).isEqualTo("/berth/c1");
        assertThat(s.at("/root/readonly").asBoolean()).isTrue();
        assertThat(s.at("/root/path").asText()).isEqualTo("/rootfs");
        assertThat(s.at("/annotations/com.example.x").asText()).isEqualTo("1");
        assertThat(s.at("/hostname").asText()).isEqualTo("box");
        assertThat(s.at("/process/cwd").asText()).isEqualTo("/work");
        assertThat(s.at("/process/terminal").asBoolean()).isFalse();
    }

    @Test
    void build_consoleSize_onlyWithATtyAndBothSides() {
        ContainerSpec base = plain();
        ContainerSpec tty = withTty(base, true, new ContainerSpec.ConsoleSize(31, 97));
        JsonNode s = build(tty);
        assertThat(s.at("/process/terminal").asBoolean()).isTrue();
        assertThat(s.at("/process/consoleSize/height").asInt()).isEqualTo(31);
        assertThat(s.at("/process/consoleSize/width").asInt()).isEqualTo(97);
        assertThat(build(withTty(base, false, new ContainerSpec.ConsoleSize(31, 97))).at("/process/consoleSize").isMissingNode())
                .as("no terminal, no size").isTrue();
        assertThat(build(withTty(base, true, new ContainerSpec.ConsoleSize(31, 0))).at("/process/consoleSize").isMissingNode())
                .as("one side alone is no size (runc sizes only with both)").isTrue();
        assertThat(build(withTty(base, true, ContainerSpec.ConsoleSize.NONE)).at("/process/consoleSize").isMissingNode()).isTrue();
    }

    private static ContainerSpec withTty(ContainerSpec s, boolean tty, ContainerSpec.ConsoleSize size) {
        return new ContainerSpec(s.id(), s.bundleDir(), s.rootfs(), s.readonlyRootfs(), s.args(), s.env(), s.workingDir(),
                s.user(), s.hostname(), s.domainname(), s.network(), s.mounts(), s.resources(), s.security(), s.labels(),
                s.logPath(), tty, s.openStdin(), s.stdinOnce(), s.init(), s.shmSize(), s.rlimits(), s.sysctls(),
                s.oomScoreAdj(), s.hostIpc(), s.hostPid(), s.hostUts(), s.namespaces(), s.annotations(), size);
    }

    @Test
    void build_resources_memorySwapCpuPids() {
        ObjectNode s = build(spec(NetworkSetup.none(), List.of(), new Resources(64L << 20, 0, 1_500_000_000L, 512, 100),
                Security.DEFAULT, List.of()));
        assertThat(s.at("/linux/resources/memory/limit").asLong()).isEqualTo(64L << 20);
        assertThat(s.at("/linux/resources/memory/swap").asLong()).isEqualTo(128L << 20);
        assertThat(s.at("/linux/resources/cpu/period").asLong()).isEqualTo(100_000);
        assertThat(s.at("/linux/resources/cpu/quota").asLong()).isEqualTo(150_000);
        assertThat(s.at("/linux/resources/cpu/shares").asLong()).isEqualTo(512);
        assertThat(s.at("/linux/resources/pids/limit").asLong()).isEqualTo(100);
    }

    @Test
    void swap_rules_dockerSemantics() {
        assertThat(OciResources.swap(100, 0)).isEqualTo(200);
        assertThat(OciResources.swap(100, -1)).isEqualTo(-1);
        assertThat(OciResources.swap(100, 300)).isEqualTo(300);
        assertThat(OciResources.swap(0, 0)).isZero();
    }

    @Test
    void build_mounts_defaultsEtcFilesThenUser() {
        ObjectNode s = build(spec(NetworkSetup.none(),
                List.of(new Mount("bind", "/host/data", "/data", List.of("ro")),
                        new Mount("tmpfs", null, "/dev/shm", List.of("size=1m", "exec"))),
                Resources.NONE, Security.DEFAULT, List.of()));
        assertThat(texts(mount(s, "/sys").get("options"))).contains("ro");
        assertThat(texts(mount(s, "/sys/fs/cgroup").get("options"))).contains("ro");
        assertThat(mount(s, "/dev/pts").get("type").asText()).isEqualTo("devpts");
        assertThat(mount(s, "/dev/mqueue").get("type").asText()).isEqualTo("mqueue");
        assertThat(mount(s, "/etc/hosts").get("source").asText()).isEqualTo("/data/containers/c1/hosts");
        assertThat(texts(mount(s, "/etc/resolv.conf").get("options"))).contains("rbind", "ro");
        assertThat(texts(mount(s, "/data").get("options"))).containsExactly("rbind", "ro", "rprivate");
        JsonNode shm = mount(s, "/dev/shm");
        assertThat(texts(shm.get("options"))).containsExactly("exec", "nosuid", "nodev", "size=1m");
        assertThat(s.get("mounts").toString().indexOf("\"/dev/shm\"")).isEqualTo(s.get("mounts").toString().lastIndexOf("\"/dev/shm\""));
    }

    @Test
    void environment_defaultsThenUserOverrides() {
        assertThat(OciSpecBuilder.environment(List.of("A=1"), "box"))
                .containsExactly("PATH=" + OciSpecBuilder.DEFAULT_PATH, "HOSTNAME=box", "A=1");
        assertThat(OciSpecBuilder.environment(List.of("PATH=/bin", "HOSTNAME=x"), "box")).containsExactly("PATH=/bin", "HOSTNAME=x");
    }
}
