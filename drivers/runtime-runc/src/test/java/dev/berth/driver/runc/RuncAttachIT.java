package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.AttachSession;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ExitStatus;
import dev.berth.spi.runtime.LogEntry;
import dev.berth.spi.runtime.LogStream;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeDriverContract.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Stdin through conmon's attach socket, and TTYs. Needs root, runc and conmon (fails otherwise). */
@Timeout(120)
class RuncAttachIT {

    private static TestHost host;
    private static RuntimeDriver driver;
    private static final RecordingListener EXITS = new RecordingListener();

    @BeforeAll
    static void setUp() throws Exception {
        assertTrue(TestHost.usable(), "needs root, runc, conmon and /bin/busybox (scripts/install-deps)");
        host = TestHost.create();
        driver = host.driver(EXITS);
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (driver != null) {
            driver.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private static String newId() {
        return host.newId();
    }

    private static ContainerSpec spec(String id, boolean tty, boolean openStdin, boolean stdinOnce, String... args) {
        return new ContainerSpec(id, RuncLayout.bundleDir(host.dataRoot(), id), host.rootfs(), false, List.of(args),
                List.of(), "/", "", "box", "", null, List.of(), null, null, Map.of(),
                RuncLayout.logPath(host.dataRoot(), id), tty, openStdin, stdinOnce);
    }

    /** Polls the log from its start until {@code text} shows up (or the timeout passes); returns all read. */
    private static String awaitLog(String id, String text, Duration timeout) throws Exception {
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (LogStream log = driver.openLog(id, false)) {
            while (!out.toString().contains(text) && System.nanoTime() < deadline) {
                LogEntry e = log.poll(Duration.ofMillis(100));
                if (e != null) {
                    out.append(new String(e.data(), StandardCharsets.UTF_8));
                }
            }
        }
        return out.toString();
    }

    @Test
    void openStdin_inputReachesCat_closingStdinEndsIt() throws Exception {
        String id = newId();
        driver.start(spec(id, false, true, true, "cat"));
        try (AttachSession session = driver.attach(id)) {
            session.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            session.stdin().flush();
            assertThat(awaitLog(id, "hello\n", Duration.ofSeconds(10))).isEqualTo("hello\n");
            assertThat(driver.status(id)).as("cat still reads").isInstanceOf(dev.berth.spi.runtime.RuntimeStatus.Running.class);
            session.closeStdin();
            ExitStatus exit = EXITS.await(id);
            assertThat(exit.exitCode()).isZero();
        }
        driver.delete(id);
    }

    @Test
    void openStdin_largeInputInManyPackets_arrivesWhole() throws Exception {
        String id = newId();
        driver.start(spec(id, false, true, true, "sh", "-c", "wc -c"));
        byte[] data = new byte[100_000];
        java.util.Arrays.fill(data, (byte) 'x');
        try (AttachSession session = driver.attach(id)) {
            session.stdin().write(data);
            session.closeStdin();
            assertThat(EXITS.await(id).exitCode()).isZero();
        }
        assertThat(awaitLog(id, "100000", Duration.ofSeconds(5)).strip()).isEqualTo("100000");
        driver.delete(id);
    }

    @Test
    void withoutStdinOnce_stdinStaysOpenWhenTheClientLeaves() throws Exception {
        String id = newId();
        driver.start(spec(id, false, true, false, "cat"));
        try (AttachSession first = driver.attach(id)) {
            first.stdin().write("one\n".getBytes(StandardCharsets.UTF_8));
            assertThat(awaitLog(id, "one\n", Duration.ofSeconds(10))).contains("one\n");
            first.closeStdin();
        }
        Thread.sleep(300);
        assertThat(driver.status(id)).isInstanceOf(dev.berth.spi.runtime.RuntimeStatus.Running.class);
        try (AttachSession second = driver.attach(id)) {
            second.stdin().write("two\n".getBytes(StandardCharsets.UTF_8));
            assertThat(awaitLog(id, "two\n", Duration.ofSeconds(10))).isEqualTo("one\ntwo\n");
        }
        driver.kill(id, 9);
        EXITS.await(id);
        driver.delete(id);
    }

    @Test
    void tty_processSeesATerminal_logHoldsTheRawStream() throws Exception {
        String id = newId();
        driver.start(spec(id, true, false, false, "sh", "-c", "tty; echo TERM=$TERM"));
        ExitStatus exit = EXITS.await(id);
        String out = awaitLog(id, "TERM=xterm", Duration.ofSeconds(5));
        assertThat(exit.exitCode()).as(out).isZero();
        // the pty turns \n into \r\n: the log keeps the terminal's bytes
        assertThat(out).startsWith("/dev/pts/0\r\n").contains("TERM=xterm\r\n");
        driver.delete(id);
    }

    @Test
    void ttyWithStdin_inputAndResizeReachTheTerminal() throws Exception {
        String id = newId();
        driver.start(spec(id, true, true, true, "sh", "-c", "read x; stty size; echo got $x"));
        try (AttachSession session = driver.attach(id)) {
            session.resize(30, 100);
            // the resize travels through conmon's ctl FIFO, the input through the socket: let the first land
            Thread.sleep(300);
            session.stdin().write("abc\n".getBytes(StandardCharsets.UTF_8));
            String out = awaitLog(id, "got abc", Duration.ofSeconds(10));
            assertThat(out).contains("abc\r\n", "30 100\r\n", "got abc\r\n");
        }
        assertThat(EXITS.await(id).exitCode()).isZero();
        driver.delete(id);
    }

    @Test
    void attach_notRunning_conflict() {
        String id = newId();
        assertThatThrownBy(() -> driver.attach(id))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
        assertThatThrownBy(() -> driver.resize(id, 24, 80))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
    }
}
