package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.NetworkSetup;
import dev.berth.spi.runtime.ContainerSpec.Resources;
import dev.berth.spi.runtime.ContainerSpec.Security;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --init} in config.json: the args and the bind of the host's tini-static (installed here by install-deps). */
class DockerInitTest {

    private static final HostInfo HOST = new HostInfo("amd64", "6.1.0", 40, true, false);
    private static final UserResolver.User ROOT = new UserResolver.User(0, 0, List.of(), "/root");

    private static ObjectNode build(boolean byDefault, Boolean init) {
        var builder = new OciSpecBuilder(HOST, SeccompProfile.dockerDefault(), "berth",
                new DockerInit(DockerInit.TINI_STATIC, byDefault));
        var spec = new ContainerSpec("c1", Path.of("/data/containers/c1"), Path.of("/rootfs"), false,
                List.of("sh", "-c", "exit 3"), List.of(), "/", "", "box", "", NetworkSetup.none(), List.of(),
                Resources.NONE, Security.DEFAULT, Map.of(), Path.of("/data/containers/c1/container.log"), false, false,
                false, init);
        return builder.build(spec, ROOT, spec.bundleDir());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<JsonNode> initMounts(ObjectNode spec) {
        List<JsonNode> out = new ArrayList<>();
        spec.get("mounts").forEach(m -> {
            if (m.get("destination").asText().equals("/sbin/docker-init")) {
                out.add(m);
            }
        });
        return out;
    }

    @Test
    void init_true_tiniBoundReadOnlyAndArgsAfterDashDash() {
        ObjectNode spec = build(false, true);
        assertThat(texts(spec.at("/process/args"))).containsExactly("/sbin/docker-init", "--", "sh", "-c", "exit 3");
        List<JsonNode> mounts = initMounts(spec);
        assertThat(mounts).hasSize(1);
        assertThat(mounts.get(0).get("source").asText()).isEqualTo("/usr/bin/tini-static");
        assertThat(mounts.get(0).get("type").asText()).isEqualTo("bind");
        assertThat(texts(mounts.get(0).get("options"))).containsExactly("bind", "ro");
    }

    @Test
    void init_unset_followsTheDaemonDefault() {
        assertThat(texts(build(false, null).at("/process/args"))).containsExactly("sh", "-c", "exit 3");
        assertThat(initMounts(build(false, null))).isEmpty();
        assertThat(texts(build(true, null).at("/process/args"))).startsWith("/sbin/docker-init", "--", "sh");
        assertThat(initMounts(build(true, null))).hasSize(1);
    }

    @Test
    void init_false_overridesADaemonDefaultOfTrue() {
        ObjectNode spec = build(true, false);
        assertThat(texts(spec.at("/process/args"))).containsExactly("sh", "-c", "exit 3");
        assertThat(initMounts(spec)).isEmpty();
    }

    @Test
    void init_missingBinary_isUnavailableNotAContainerWithoutInit() {
        var init = new DockerInit(Path.of("/nonexistent/tini-static"), false);
        assertThat(init.wanted(false)).isFalse();
        assertThatThrownBy(() -> init.wanted(true)).isInstanceOf(EngineException.class)
                .hasMessageContaining("/nonexistent/tini-static");
    }
}
