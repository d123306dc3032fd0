package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 item 1: every journaled command records who asked. The real docker CLI, as root and as a
 * non-root member of the socket group, imports, makes things, execs, pauses, updates, copies,
 * connects and mounts a volume;
 * {@code docker events --since 0} shows each event's uid, comm and user agent as {@code berth.*} Actor
 * attributes, the same after a restart; what the engine does by itself (a container's death) says
 * {@code berth.by=engine} instead.
 */
@Timeout(value = 300)
class WhoAskedIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String group = "bwg" + suffix;
    private final String member = "bwm" + suffix;

    @AfterEach
    void removeUserAndGroup() {
        BerthdProcess.run(Duration.ofSeconds(30), "userdel", member);
        BerthdProcess.run(Duration.ofSeconds(30), "groupdel", group);
    }

    @Test
    void events_sayWhichUserAndProgramAsked_rootAndAGroupMember_alsoAfterARestart() throws IOException {
        BerthdProcess.requireEnvironment();
        try (BerthdProcess d = BerthdProcess.start("{\"group\": \"" + group + "\"}")) {
            ok(BerthdProcess.run(Duration.ofSeconds(30), "useradd", "--system", "--no-create-home", "-G", group, member));
            String memberUid = ok(BerthdProcess.run(Duration.ofSeconds(10), "id", "-u", member)).out().strip();
            ok(BerthdProcess.run(Duration.ofSeconds(10), "chmod", "755", d.socket().getParent().toString()));
            Path config = Files.createTempDirectory("berth-who-");
            try {
                ok(BerthdProcess.run(Duration.ofSeconds(10), "chmod", "777", config.toString()));
                ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "w-busybox"));
                ok(d.docker("tag", "w-busybox", "w-busybox:two"));
                ok(d.docker("network", "create", "w-n1"));
                ok(d.docker("volume", "create", "w-v1"));
                ok(d.docker("run", "--name", "w-r1", "--network", "none", "-v", "w-v1:/data", "w-busybox", "true"));
                ok(d.docker("rm", "w-r1"));
                ok(d.docker("create", "--name", "w-c1", "w-busybox", "sleep", "300"));
                ok(d.docker("start", "w-c1"));
                ok(d.docker("network", "connect", "w-n1", "w-c1"));
                ok(d.docker("exec", "w-c1", "true"));
                ok(d.docker("pause", "w-c1"));
                ok(d.docker("unpause", "w-c1"));
                ok(d.docker("update", "--cpu-shares", "512", "w-c1"));
                ok(d.docker("cp", "w-c1:/etc/hostname", config.resolve("hostname").toString()));
                ok(d.docker("network", "disconnect", "w-n1", "w-c1"));
                ok(d.docker("kill", "w-c1"));
                ok(d.docker("rename", "w-c1", "w-c2"));
                ok(d.docker("rm", "w-c2"));
                ok(d.docker("network", "rm", "w-n1"));
                ok(d.docker("volume", "rm", "w-v1"));
                ok(d.docker("rmi", "w-busybox:two"));
                ok(dockerAs(member, d, config, "volume", "create", "w-v2"));
                ok(dockerAs(member, d, config, "network", "create", "w-n2"));
                ok(dockerAs(member, d, config, "create", "--name", "w-m1", "--network", "none", "w-busybox", "true"));
                ok(dockerAs(member, d, config, "rm", "w-m1"));
                ok(dockerAs(member, d, config, "network", "rm", "w-n2"));
                ok(dockerAs(member, d, config, "volume", "rm", "w-v2"));
                ok(d.docker("rmi", "w-busybox"));
            } finally {
                BerthdProcess.run(Duration.ofSeconds(10), "rm", "-rf", config.toString());
            }
            BerthdProcess.sleep(1100); // the CLI sends --until 0s in whole seconds

            Map<String, String> expected = new LinkedHashMap<>();
            for (String e : List.of("image tag w-busybox:latest", "image tag w-busybox:two", "network create w-n1",
                    "volume create w-v1", "volume mount w-v1", "image import *", "container create w-c1",
                    "container start w-c1", "network connect w-n1",
                    "container exec_create: true  w-c1", "container exec_start: true  w-c1", "container exec_die w-c1",
                    "container pause w-c1", "container unpause w-c1", "container update w-c1",
                    "container archive-path w-c1", "network disconnect w-n1", "container kill w-c1",
                    "container rename w-c2", "container destroy w-c2", "network destroy w-n1",
                    "volume destroy w-v1", "image untag w-busybox:two", "image untag w-busybox:latest",
                    "image delete *")) {
                expected.put(e, "0");
            }
            for (String e : List.of("volume create w-v2", "network create w-n2", "container create w-m1",
                    "container destroy w-m1", "network destroy w-n2", "volume destroy w-v2")) {
                expected.put(e, memberUid);
            }
            assertWho(d, expected);
            d.restart();
            assertWho(d, expected);
        }
    }

    private static void assertWho(BerthdProcess d, Map<String, String> expected) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : ok(d.docker("events", "--since", "0", "--until", "0s", "--format", "{{json .}}"))
                .out().split("\n")) {
            if (!line.isBlank()) {
                events.add(read(line));
            }
        }
        expected.forEach((what, uid) -> assertThat(events).as(what + " in " + events)
                .anySatisfy(e -> {
                    if (what.endsWith(" *")) { // an image id, whatever it is
                        assertThat(describe(e)).startsWith(what.substring(0, what.length() - 1));
                    } else {
                        assertThat(describe(e)).isEqualTo(what);
                    }
                    JsonNode attrs = e.path("Actor").path("Attributes");
                    assertThat(attrs.path("berth.uid").asText()).isEqualTo(uid);
                    assertThat(attrs.path("berth.gid").asText()).isNotEmpty();
                    assertThat(attrs.path("berth.pid").asInt()).isPositive();
                    assertThat(attrs.path("berth.comm").asText()).isEqualTo("docker");
                    assertThat(attrs.path("berth.ua").asText()).startsWith("Docker-Client/28.");
                    assertThat(attrs.path("berth.api").asText()).matches("1\\.\\d+");
                    assertThat(attrs.has("berth.remote")).isFalse();
                }));
        // the container's death after the kill is the engine's doing: nobody asked for it, the engine says so
        // (named w-c1 or, when the rename came first, w-c2)
        assertThat(events).as(events.toString()).filteredOn(e -> describe(e).startsWith("container die w-c"))
                .singleElement()
                .satisfies(e -> {
                    JsonNode attrs = e.path("Actor").path("Attributes");
                    assertThat(attrs.has("berth.uid")).isFalse();
                    assertThat(attrs.path("berth.by").asText()).isEqualTo("engine");
                });
        // and no event a request caused says it was the engine's
        assertThat(events).filteredOn(e -> e.path("Actor").path("Attributes").has("berth.uid"))
                .noneSatisfy(e -> assertThat(e.path("Actor").path("Attributes").has("berth.by")).isTrue());
    }

    /** "TYPE ACTION NAME": the name attribute, else (volumes) the actor id. */
    private static String describe(JsonNode e) {
        JsonNode attrs = e.path("Actor").path("Attributes");
        String name = attrs.has("name") ? attrs.path("name").asText() : e.path("Actor").path("ID").asText();
        return e.path("Type").asText() + " " + e.path("Action").asText() + " " + name;
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static Result dockerAs(String user, BerthdProcess d, Path config, String... args) {
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", user, "--", "env", "DOCKER_CONFIG=" + config,
                "docker", "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
