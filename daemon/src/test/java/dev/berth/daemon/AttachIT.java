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
}
