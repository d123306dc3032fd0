package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import dev.berth.registry.DockerRegistryProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 item 2, a full disk: berthd on a 96 MiB tmpfs data root that a file then fills. Writes
 * (import, pull from a local registry, commit, cp in, build, volume create, create)
 * fail with dockerd's "no space left on device" (HTTP 500), or — when the journal itself is what
 * could not be written — berthd exits saying so (JournalWatch); never an answer for something not
 * written. After the space is freed and a kill -9 and restart, exactly what was acknowledged exists:
 * no half-made container, image, volume, bundle directory, layer or temp file, and writes work again.
 */
@Timeout(value = 600)
class DiskFullIT {
    private static final Duration OP = Duration.ofSeconds(90);
    private static final String NO_SPACE = "no space left on device";
    private static final String JOURNAL_GONE = "can no longer be written";

    @Test
    void fullDataRoot_writesFailClearly_nothingHalfMade_andAllWorksOnceSpaceReturns() throws Exception {
        assertThat(DockerRegistryProcess.available()).as("needs /usr/bin/docker-registry (scripts/install-deps)").isTrue();
        try (DockerRegistryProcess registry = DockerRegistryProcess.start(null);
             BerthdProcess d = BerthdProcess.startOnTmpfs(96)) {
            Path busybox = BerthdProcess.busyboxTar();
            ok(d.dockerStdin(busybox, "import", "-", "dfbase"));
            ok(d.docker("create", "--name", "kept", "--network", "none", "dfbase", "true"));
            ok(d.docker("run", "--name", "src", "--network", "none", "dfbase", "sh", "-c", "echo hi > /made"));
            // an image with a layer of its own in the registry only, to be pulled onto the full disk
            String remote = registry.domain() + "/df/pulled:v1";
            ok(d.docker("run", "--name", "fat", "--network", "none", "dfbase", "sh", "-c",
                    "head -c 4194304 /dev/urandom > /noise"));
            ok(d.docker(OP, null, "commit", "fat", remote));
            ok(d.docker(OP, null, "push", remote));
            ok(d.docker("rm", "fat"));
            ok(d.docker("rmi", remote));
            ok(d.docker("volume", "create", "vkept"));
            Set<String> images = lines(ok(d.docker("images", "-q", "--no-trunc")));
            Set<String> containers = lines(ok(d.docker("ps", "-aq", "--no-trunc")));

            Path filler = d.dataRoot().resolve("filler");
            fill(filler);

            List<String> outcomes = new ArrayList<>();
            Path ctx = Files.createDirectories(d.dataRoot().getParent().resolve("ctx"));
            Files.writeString(ctx.resolve("Dockerfile"), "FROM dfbase\nRUN head -c 1048576 /dev/zero > /big\n");
            Path payload = d.dataRoot().getParent().resolve("payload");
            Files.write(payload, new byte[4 << 20]);
            // those that write files before any event: each must fail with dockerd's words, berthd up
            for (String[] op : List.of(
                    new String[] {"import", "-", "dfbase2"},
                    new String[] {"pull", remote},
                    new String[] {"commit", "src", "dfcommit"},
                    new String[] {"cp", payload.toString(), "kept:/payload"},
                    new String[] {"build", "-t", "dfbuilt", ctx.toString()})) {
                Result r = op[1].equals("-") ? d.docker(OP, busybox, op) : d.docker(OP, null, op);
                outcomes.add(op[0] + ": " + r.err().strip());
                assertThat(r.exitCode()).as("%s on a full disk: %s", op[0], r).isNotZero();
                if (r.all().toLowerCase().contains(NO_SPACE)) {
                    assertThat(d.isAlive()).as("berthd after %s", op[0]).isTrue();
                } else {
                    assertExitedForTheJournal(d);
                }
            }
            // the API itself: a 500 with dockerd's words
            if (d.isAlive()) {
                String answer = d.http("POST", "/v1.50/volumes/create", "application/json", "{\"Name\":\"vnew\"}", OP);
                outcomes.add("POST /volumes/create: " + (answer.isEmpty() ? "connection closed, no answer"
                        : answer.lines().findFirst().orElse("") + " " + answer.substring(answer.indexOf("\r\n\r\n") + 4).strip()));
                if (answer.isEmpty()) {
                    assertExitedForTheJournal(d);
                } else {
                    assertThat(answer).startsWith("HTTP/1.1 500").containsIgnoringCase(NO_SPACE);
                }
            }
            // a create journals its name first: a 500, or berthd ends as the journal cannot be written
            if (d.isAlive()) {
                Result create = d.docker(OP, null, "create", "--name", "dfnew", "--network", "none", "dfbase", "true");
                outcomes.add("create: " + create.err().strip());
                assertThat(create.exitCode()).as("%s", create).isNotZero();
                assertThat(create.out()).as("no id acknowledged").isBlank();
                if (create.all().toLowerCase().contains(NO_SPACE)) {
                    assertThat(d.isAlive()).isTrue();
                } else {
                    assertExitedForTheJournal(d);
                }
            }
            outcomes.add("berthd " + (d.isAlive() ? "still serving reads: ps -a "
                    + (d.docker("ps", "-a").exitCode() == 0 ? "answers" : "fails") : "exited: "
                    + d.log().lines().filter(l -> l.contains(JOURNAL_GONE)).findFirst().orElse("?")));
            System.out.println("DISKFULL " + String.join("\n  ", outcomes));

            Files.delete(filler);
            d.kill9();
            d.restart();

            assertThat(lines(ok(d.docker("images", "-q", "--no-trunc")))).isEqualTo(images);
            assertThat(lines(ok(d.docker("ps", "-aq", "--no-trunc")))).isEqualTo(containers);
            assertThat(lines(ok(d.docker("volume", "ls", "-q")))).containsExactly("vkept");
            assertThat(names(d.dataRoot().resolve("containers"))).isEqualTo(containers);
            assertThat(names(d.dataRoot().resolve("layers"))).allMatch(n -> n.matches("[0-9a-f]{64}"));
            assertThat(names(d.dataRoot().resolve("content").resolve("tmp"))).isEmpty();
            assertThat(names(d.dataRoot().resolve("tmp"))).isEmpty();

            // and writes work again
            ok(d.docker("create", "--name", "dfnew", "--network", "none", "dfbase", "true"));
            ok(d.docker("volume", "create", "vnew"));
            ok(d.docker(OP, null, "commit", "src", "dfcommit"));
            ok(d.docker("rm", "dfnew", "kept", "src"));
            ok(d.docker("volume", "rm", "vnew", "vkept"));
            ok(d.docker("rmi", "dfcommit", "dfbase"));
        }
    }

    /** No answer: berthd must have ended, within seconds, saying the journal could not be written. */
    private static void assertExitedForTheJournal(BerthdProcess d) throws Exception {
        for (int i = 0; i < 100 && d.isAlive(); i++) {
            Thread.sleep(100);
        }
        assertThat(d.isAlive()).as("berthd ended after its journal failed").isFalse();
        assertThat(d.log()).contains(JOURNAL_GONE).contains(NO_SPACE);
    }

    /** Writes until the filesystem refuses: ENOSPC for everyone after. */
    private static void fill(Path filler) {
        byte[] mib = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(mib);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).containsIgnoringCase("no space left");
        }
    }

    private static Set<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new TreeSet<>(s.map(p -> p.getFileName().toString()).toList());
        }
    }

    private static Set<String> lines(Result r) {
        return new TreeSet<>(r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("%s", r).isZero();
        return r;
    }
}
