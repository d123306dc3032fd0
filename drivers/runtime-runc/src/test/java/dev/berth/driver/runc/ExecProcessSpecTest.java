package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ExecSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecProcessSpecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path rootfs;

    /** The init process of a container started with -t, user 0, Docker's default capabilities. */
    private JsonNode config(boolean tty) throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\napp:x:1000:\nextra:x:2000:app\n");
        ObjectNode c = JSON.createObjectNode();
        c.putObject("root").put("path", rootfs.toString());
        ObjectNode p = c.putObject("process");
        p.put("terminal", tty);
        p.putObject("user").put("uid", 0).put("gid", 0);
        p.putArray("args").add("sleep").add("1000");
        var env = p.putArray("env").add("PATH=/usr/bin:/bin").add("HOSTNAME=abc");
        if (tty) {
            env.add("TERM=xterm");
        }
        env.add("A=1");
        p.put("cwd", "/srv");
        p.put("noNewPrivileges", true);
        ObjectNode caps = p.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            var a = caps.putArray(set);
            Capabilities.DEFAULT.forEach(a::add);
        }
        return c;
    }

    private static ExecSpec spec(List<String> env, String user, String cwd, boolean tty, boolean privileged) {
        return new ExecSpec("c1", List.of("sh", "-c", "id"), env, user, cwd, tty, false, privileged, 0, 0);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void build_keepsTheInitProcess_butTheCommand() throws IOException {
        JsonNode p = ExecProcessSpec.build(config(false), spec(List.of(), "", "", false, false), 40, -1L);
        assertThat(texts(p.path("args"))).containsExactly("sh", "-c", "id");
        assertThat(texts(p.path("env"))).containsExactly("PATH=/usr/bin:/bin", "HOSTNAME=abc", "A=1");
        assertThat(p.path("cwd").asText()).isEqualTo("/srv");
        assertThat(p.path("user").path("uid").asInt()).isZero();
        assertThat(p.path("noNewPrivileges").asBoolean()).isTrue();
        assertThat(texts(p.path("capabilities").path("effective"))).isEqualTo(Capabilities.DEFAULT);
        assertThat(p.path("terminal").asBoolean()).isFalse();
    }

    @Test
    void build_envReplacesByKey_andTermFollowsTheExecsTty() throws IOException {
        JsonNode plain = ExecProcessSpec.build(config(true), spec(List.of("A=2", "B=3"), "", "", false, false), 40, -1L);
        assertThat(texts(plain.path("env"))).containsExactly("PATH=/usr/bin:/bin", "HOSTNAME=abc", "A=2", "B=3");
        JsonNode tty = ExecProcessSpec.build(config(false), spec(List.of(), "", "", true, false), 40, -1L);
        assertThat(texts(tty.path("env"))).contains("TERM=xterm");
        assertThat(tty.path("terminal").asBoolean()).isTrue();
    }

    @Test
    void build_user_isResolvedInTheContainer_andLosesActiveCapabilities() throws IOException {
        JsonNode p = ExecProcessSpec.build(config(false), spec(List.of(), "app", "/tmp", false, false), 40, -1L);
        assertThat(p.path("user").path("uid").asInt()).isEqualTo(1000);
        assertThat(p.path("user").path("gid").asInt()).isEqualTo(1000);
        assertThat(texts(p.path("user").path("additionalGids"))).containsExactly("2000");
        assertThat(p.path("cwd").asText()).isEqualTo("/tmp");
        assertThat(texts(p.path("capabilities").path("bounding"))).isEqualTo(Capabilities.DEFAULT);
        assertThat(p.path("capabilities").path("effective")).isEmpty();
        assertThatThrownBy(() -> ExecProcessSpec.build(config(false), spec(List.of(), "ghost", "", false, false), 40, -1L))
                .isInstanceOf(EngineException.class)
                .hasMessage("unable to find user ghost: no matching entries in passwd file");
    }

    @Test
    void build_privileged_hasEveryCapabilityTheKernelKnows() throws IOException {
        JsonNode p = ExecProcessSpec.build(config(false), spec(List.of(), "", "", false, true), 40, -1L);
        assertThat(texts(p.path("capabilities").path("effective"))).hasSize(41).contains("CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE");
        JsonNode held = ExecProcessSpec.build(config(false), spec(List.of(), "", "", false, true), 40, ~(1L << 24));
        assertThat(texts(held.path("capabilities").path("effective"))).hasSize(40).doesNotContain("CAP_SYS_RESOURCE");
    }

    @Test
    void build_consoleSize_onlyWithATty() throws IOException {
        var sized = new ExecSpec("c1", List.of("sh"), List.of(), "", "", true, true, false, 30, 100);
        JsonNode p = ExecProcessSpec.build(config(false), sized, 40, -1L);
        assertThat(p.path("consoleSize").path("height").asInt()).isEqualTo(30);
        assertThat(p.path("consoleSize").path("width").asInt()).isEqualTo(100);
        var plain = new ExecSpec("c1", List.of("sh"), List.of(), "", "", false, true, false, 30, 100);
        assertThat(ExecProcessSpec.build(config(false), plain, 40, -1L).has("consoleSize")).isFalse();
    }

    @Test
    void build_otherUser_keepsTheContainersGroupAdd() throws IOException {
        ObjectNode c = (ObjectNode) config(false);
        c.putObject("annotations").put(OciSpecBuilder.GROUP_ADD_ANNOTATION, "extra\n555");
        ObjectNode p = ExecProcessSpec.build(c, spec(List.of(), "app", "", false, false), 40, -1L);
        assertThat(p.at("/user/gid").asLong()).isEqualTo(1000);
        assertThat(texts(p.at("/user/additionalGids"))).containsExactly("2000", "555");
    }
}
