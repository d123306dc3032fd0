package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Stdin and TTYs through the real docker CLI: {@code docker run -i}, {@code -t}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class AttachIT {

    private BerthdProcess d;

    @TempDir
    Path dir;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        Path tar = BerthdProcess.busyboxTar();
        d = BerthdProcess.start();
        ok(d.docker("import", tar.toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    private Path stdin(String text) throws IOException {
        Path f = Files.createTempFile(dir, "stdin", ".txt");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void pipedStdin_reachesCat_andEofEndsIt() throws IOException {
        Result r = ok(d.dockerStdin(stdin("hello\n"), "run", "-i", "--rm", "busybox", "cat"));
        assertThat(r.out()).isEqualTo("hello\n");
    }

    @Test
    void stdinLine_isRead_byShell() throws IOException {
        Result r = ok(d.dockerStdin(stdin("abc\n"), "run", "-i", "busybox", "sh", "-c", "read x; echo got $x"));
        assertThat(r.out()).isEqualTo("got abc\n");
    }

    @Test
    void largeStdin_arrivesWhole_andLargeOutputAfterEofIsComplete() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append(" of the input that goes through conmon\n");
        }
        Path in = stdin(text.toString());
        Result r = ok(d.dockerStdin(in, "run", "-i", "--rm", "busybox", "cat"));
        assertThat(r.out().length()).isEqualTo(text.length());
        assertThat(r.out()).isEqualTo(text.toString());
    }

    @Test
    void withoutInteractive_stdinIsNotForwarded() throws IOException {
        Result r = ok(d.dockerStdin(stdin("ignored\n"), "run", "--rm", "busybox", "sh", "-c", "cat; echo end"));
        assertThat(r.out()).isEqualTo("end\n");
    }

    @Test
    void tty_processSeesATerminal_outputIsRaw() {
        // the image has no tty link: call the applet through busybox
        Result r = ok(d.docker("run", "-t", "--rm", "busybox", "busybox", "tty"));
        assertThat(r.out()).isEqualTo("/dev/pts/0\r\n");
    }

    @Test
    void startAttach_ofAnExitedContainer_printsEachRun_evenRightAfterTheLast() {
        // docker start -a attaches before it starts: the attach waits for the run it starts, not the
        // one that ended a moment ago (an attach within a second of the last exit used to end at once, empty)
        ok(d.docker("create", "--name", "again", "--network", "none", "busybox", "sh", "-c", "echo run; exit 4"));
        for (int i = 0; i < 8; i++) {
            Result r = d.docker("start", "-a", "again");
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
            assertThat(r.out()).as("run %d", i).isEqualTo("run\n");
        }
    }

    @Test
    void tty_configShowsInInspect() {
        ok(d.docker("create", "-t", "-i", "--name", "term", "busybox", "sh"));
        Result r = ok(d.docker("inspect", "-f", "{{.Config.Tty}} {{.Config.OpenStdin}}", "term"));
        assertThat(r.out().strip()).isEqualTo("true true");
    }

    @Test
    void interactiveTty_underScript_inputAndWindowSize() throws IOException {
        assertThat(BerthdProcess.onPath("script")).as("util-linux script").isPresent();
        // script gives the CLI a terminal on its stdin; the CLI sends our bytes through it and resizes the pty
        Path in = stdin("echo typed-$((6*7)); stty size; exit 3\n");
        Result run = BerthdProcess.run(Duration.ofSeconds(60), "sh", "-c",
                "stty cols 100 rows 30 2>/dev/null; script -qec \"docker -H " + d.host()
                        + " run -it --rm busybox sh\" /dev/null < " + in);
        assertThat(run.out()).as(run.toString()).contains("typed-42");
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    @Test
    void detachKeys_typedOneByOne_endTheAttach_containerRunsOn() throws Exception {
        String id = ok(d.docker("run", "-dit", "busybox", "sh")).out().strip();
        try (Hijacked h = Hijacked.open(d.socket(), "POST /containers/" + id
                + "/attach?stream=1&stdin=1&stdout=1&stderr=1&detachKeys=ctrl-a,x HTTP/1.1", "")) {
            h.send("echo mark-$((40+2))\r".getBytes(StandardCharsets.UTF_8));
            h.awaitOutput("mark-42");
            h.send(new byte[] {1});
            Thread.sleep(100);
            h.send(new byte[] {'x'});
            assertThat(h.awaitEnd(Duration.ofSeconds(10))).as("the server ended the stream").isTrue();
        }
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Running}}", id)).out().strip()).isEqualTo("true");
        // the keys reached nobody: the shell still has a clean line and answers
        String again = ok(d.docker("exec", id, "sh", "-c", "echo alive")).out();
        assertThat(again).isEqualTo("alive\n");
    }

    @Test
    void detachKeys_ofATtyExec_endItsStream_badKeys400() throws Exception {
        String id = ok(d.docker("run", "-d", "busybox", "sleep", "600")).out().strip();
        String created = d.http("POST", "/containers/" + id + "/exec", "application/json",
                "{\"Cmd\":[\"sh\"],\"AttachStdin\":true,\"AttachStdout\":true,\"Tty\":true,\"DetachKeys\":\"ctrl-b\"}",
                Duration.ofSeconds(10));
        String execId = created.replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
        try (Hijacked h = Hijacked.open(d.socket(), "POST /exec/" + execId + "/start HTTP/1.1",
                "{\"Detach\":false,\"Tty\":true}")) {
            h.send("echo in-$((6*7))\r".getBytes(StandardCharsets.UTF_8));
            h.awaitOutput("in-42");
            h.send(new byte[] {2});
            assertThat(h.awaitEnd(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Running}}", id)).out().strip()).isEqualTo("true");
        Result bad = d.docker("attach", "--detach-keys", "ctrl-xx", id);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("received 400"); // what the CLI shows of a refused upgrade, with dockerd too
        try (Hijacked h = Hijacked.open(d.socket(), "POST /containers/" + id + "/attach?stream=1&detachKeys=ctrl-xx HTTP/1.1", "")) {
            h.awaitOutput("Invalid detach keys (ctrl-xx) provided");
            assertThat(h.output()).startsWith("HTTP/1.1 400");
        }
    }
}
