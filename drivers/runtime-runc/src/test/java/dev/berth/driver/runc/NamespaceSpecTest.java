package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.NetworkSetup;
import dev.berth.spi.runtime.ContainerSpec.Resources;
import dev.berth.spi.runtime.ContainerSpec.Security;
import dev.berth.spi.runtime.NamespaceOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --group-add and the namespaces a container joins, in config.json. */
class NamespaceSpecTest {
    private static final HostInfo HOST = new HostInfo("amd64", "6.1.0", 40, true, false);
    private static final UserResolver.User ROOT = new UserResolver.User(0, 0, List.of(7L), "/root");
    private final OciSpecBuilder builder = new OciSpecBuilder(HOST, SeccompProfile.dockerDefault(), "berth");

    private ObjectNode build(NamespaceOptions ns) {
        var spec = new ContainerSpec("c1", Path.of("/data/containers/c1"), Path.of("/rootfs"), false, List.of("sh"),
                List.of(), "/", "", "box", "", NetworkSetup.none(), List.of(), Resources.NONE, Security.DEFAULT,
                Map.of(), Path.of("/data/containers/c1/container.log"), false, false, false, null, 0, null, null, 0,
                false, false, false, ns);
        return builder.build(spec, ROOT, spec.bundleDir());
    }

    @Test
    void groupAdd_resolvedGidsInTheProcess_givenFormKeptForExecs() {
        ObjectNode oci = build(new NamespaceOptions(List.of("audio", "55")));
        assertThat(oci.at("/process/user/additionalGids").toString()).isEqualTo("[7]");
        assertThat(oci.at("/annotations/" + OciSpecBuilder.GROUP_ADD_ANNOTATION.replace("/", "~1")).asText())
                .isEqualTo("audio\n55");
        assertThat(build(NamespaceOptions.NONE).at("/annotations").has(OciSpecBuilder.GROUP_ADD_ANNOTATION)).isFalse();
    }

    private static String types(ObjectNode oci) {
        return oci.at("/linux/namespaces").toString();
    }

    private static com.fasterxml.jackson.databind.JsonNode shm(ObjectNode oci) {
        for (var m : oci.get("mounts")) {
            if (m.get("destination").asText().equals("/dev/shm")) {
                return m;
            }
        }
        throw new AssertionError("no /dev/shm");
    }

    @Test
    void joinedPidAndIpc_namespacePaths_donorsShmBound() {
        ObjectNode oci = build(new NamespaceOptions(List.of(), Path.of("/proc/7/ns/pid"), Path.of("/proc/8/ns/ipc"),
                Path.of("/data/containers/d/shm"), false, null, "", ""));
        assertThat(types(oci)).startsWith("[{\"type\":\"pid\",\"path\":\"/proc/7/ns/pid\"},"
                + "{\"type\":\"ipc\",\"path\":\"/proc/8/ns/ipc\"},{\"type\":\"uts\"}");
        assertThat(shm(oci).get("type").asText()).isEqualTo("bind");
        assertThat(shm(oci).get("source").asText()).isEqualTo("/data/containers/d/shm");
    }

    @Test
    void shareable_bindsTheHostSideTmpfsInTheBundle() {
        ObjectNode oci = build(new NamespaceOptions(List.of(), null, null, null, true, null, "", ""));
        assertThat(shm(oci).get("source").asText()).isEqualTo("/data/containers/c1/shm");
        assertThat(types(oci)).startsWith("[{\"type\":\"pid\"},{\"type\":\"ipc\"},");
        assertThat(shm(build(NamespaceOptions.NONE)).get("type").asText()).isEqualTo("tmpfs");
    }

    @Test
    void cgroupns_privateListed_hostNot_defaultFollowsTheCgroupVersion() {
        assertThat(types(build(new NamespaceOptions(List.of(), null, null, null, false, null, "private", ""))))
                .contains("{\"type\":\"cgroup\"}");
        assertThat(types(build(new NamespaceOptions(List.of(), null, null, null, false, null, "host", ""))))
                .doesNotContain("cgroup");
        assertThat(types(build(NamespaceOptions.NONE))).as("v1 host: the host's").doesNotContain("cgroup");
    }

    @Test
    void cgroupParent_theContainersOrTheDaemons_rootedAtTheHierarchy() {
        assertThat(build(NamespaceOptions.NONE).at("/linux/cgroupsPath").asText()).isEqualTo("/berth/c1");
        assertThat(build(new NamespaceOptions(List.of(), null, null, null, false, null, "", "/batch"))
                .at("/linux/cgroupsPath").asText()).isEqualTo("/batch/c1");
        assertThat(build(new NamespaceOptions(List.of(), null, null, null, false, null, "", "jobs/a"))
                .at("/linux/cgroupsPath").asText()).isEqualTo("/jobs/a/c1");
    }

    @Test
    void cgroupPaths_fromTheBundlesConfig_elseTheDaemonsParent(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("c1"));
        java.nio.file.Files.writeString(dir.resolve("c1/config.json"), "{\"linux\":{\"cgroupsPath\":\"/batch/c1\"}}");
        CgroupPaths paths = new CgroupPaths("/berth", dir::resolve);
        assertThat(paths.relative("c1")).isEqualTo("batch/c1");
        assertThat(paths.relative("c2")).isEqualTo("berth/c2");
        assertThat(CgroupPaths.under("berth").relative("c1")).isEqualTo("berth/c1");
    }
}
