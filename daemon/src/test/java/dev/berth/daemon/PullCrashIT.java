package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.daemon.BerthdProcess.Result;
import dev.berth.registry.DockerRegistryProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #3's fault: a pull killed halfway (berthd -9) leaves no image that claims layers it lacks,
 * no half-written blob or layer directory, and the same pull works after the restart.
 */
@Timeout(value = 300)
class PullCrashIT {
    private static final Duration LONG = Duration.ofSeconds(180);

    @Test
    void pullKilledHalfway_leavesNothingPartial_andPullsCleanlyAfterRestart() throws Exception {
        BerthdProcess.requireEnvironment();
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        try (DockerRegistryProcess registry = DockerRegistryProcess.start(null);
             BerthdProcess d = BerthdProcess.start()) {
            String ref = registry.domain() + "/crash/fat:v1";
            ok(d.dockerStdin(BerthdProcess.busyboxTar(), "import", "-", "crashbase"));
            // A layer big enough (150 MB of noise) that a kill lands while it is on the wire.
            ok(d.docker(LONG, null, "run", "--name", "fat", "--network", "none", "crashbase", "sh", "-c",
                    "head -c 157286400 /dev/urandom > /big"));
            ok(d.docker(LONG, null, "commit", "fat", ref));
            ok(d.docker(LONG, null, "push", ref));
            ok(d.docker("rm", "fat"));
            ok(d.docker("rmi", ref));

            Process pull = pullInBackground(d, ref);
            List<String> seen = new ArrayList<>();
            try (var out = new BufferedReader(new InputStreamReader(pull.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    seen.add(line);
                    if (line.contains("Pulling fs layer") || line.contains("Downloading")) {
                        Thread.sleep(300);
                        break;
                    }
                }
                d.kill9();
            }
            assertThat(pull.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).as("the pull had begun").isNotEmpty();

            d.restart();
            Result images = ok(d.docker("images", "--format", "{{.Repository}}:{{.Tag}}"));
            assertThat(images.out()).doesNotContain("crash/fat");
            assertThat(d.docker("image", "inspect", ref).exitCode()).isNotZero();
            assertThat(names(d.dataRoot().resolve("layers"))).allMatch(n -> n.matches("[0-9a-f]{64}"));
            assertThat(names(d.dataRoot().resolve("content").resolve("tmp"))).isEmpty();

            ok(d.docker(LONG, null, "pull", ref));
            ok(d.docker(LONG, null, "run", "--rm", "--network", "none", ref, "busybox", "test", "-s", "/big"));
            ok(d.docker("rmi", ref));
        }
    }

    private static Process pullInBackground(BerthdProcess d, String ref) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("docker", "-H", d.host(), "pull", ref).redirectErrorStream(true);
        pb.environment().remove("DOCKER_HOST");
        pb.environment().put("DOCKER_CLI_HINTS", "false");
        return pb.start();
    }

    private static List<String> names(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }
}
