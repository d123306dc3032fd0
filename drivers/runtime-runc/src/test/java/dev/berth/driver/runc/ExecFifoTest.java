package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec fifo as {@code runc init} uses it, played by a shell: its {@code printf 0 > exec.fifo} blocks in
 * the open for writing until a reader comes, as runc init does. {@code RuncRuntimeDriverIT} and the
 * docker CLI tests start real runc containers through it.
 */
class ExecFifoTest {
    private final POSIX posix = POSIXFactory.getNativePOSIX();

    @TempDir
    Path dir;

    @BeforeEach
    void runcStateDir() throws IOException {
        Files.writeString(dir.resolve("state.json"), "{}");
        assertThat(posix.mkfifo(dir.resolve(ExecFifo.FIFO).toString(), 0600)).isZero();
    }

    @Test
    void writerWaiting_startedAndFifoRemoved() throws Exception {
        Process init = new ProcessBuilder("sh", "-c", "printf 0 > " + dir.resolve(ExecFifo.FIFO) + " && echo wrote")
                .redirectErrorStream(true).start();
        Thread.sleep(50); // the writer blocks in its open

        assertThat(new ExecFifo(posix).start(dir, (int) init.pid())).isTrue();

        assertThat(init.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(init.getInputStream().readAllBytes())).isEqualTo("wrote\n");
        // runc's "created" is this file's presence: gone, the container counts as running
        assertThat(dir.resolve(ExecFifo.FIFO)).doesNotExist();
    }

    @Test
    void answersOnlyOnceTheWriterClosed() throws Exception {
        // the byte, then the writer holds the fifo open a while (runc init between its write and its exec)
        Process init = new ProcessBuilder("sh", "-c", "exec 3>" + dir.resolve(ExecFifo.FIFO)
                + "; printf 0 >&3; sleep 0.3; exec 3>&-").start();
        long t0 = System.nanoTime();

        assertThat(new ExecFifo(posix).start(dir, (int) init.pid())).isTrue();

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(250);
        init.waitFor(5, TimeUnit.SECONDS);
    }

    @Test
    void initGoneBeforeWriting_leftToTheRuntime() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();

        assertThat(new ExecFifo(posix).start(dir, (int) gone.pid())).isFalse();
        // runc start finds it and says what happened
        assertThat(dir.resolve(ExecFifo.FIFO)).exists();
    }

    @Test
    void notRuncsStateDir_leftToTheRuntime() throws Exception {
        Files.delete(dir.resolve("state.json"));
        assertThat(new ExecFifo(posix).start(dir, (int) ProcessHandle.current().pid())).isFalse();
        assertThat(dir.resolve(ExecFifo.FIFO)).exists();

        Files.writeString(dir.resolve("state.json"), "{}");
        Files.delete(dir.resolve(ExecFifo.FIFO));
        assertThat(new ExecFifo(posix).start(dir, (int) ProcessHandle.current().pid())).isFalse();
    }
}
