package dev.berth.spi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle every {@link RuntimeDriver} must honour. A driver's test extends this and says how
 * to make a driver (a fresh instance over the same state, for restore), a rootfs with a busybox-like
 * {@code sh}, {@code echo}, {@code sleep} in {@code /bin} and a regular file without execute
 * permission at {@value #NON_EXECUTABLE_FILE}, and where bundles and logs go.
 */
public abstract class RuntimeDriverContract {

    /** A file every test rootfs holds, mode 0644. */
    protected static final String NON_EXECUTABLE_FILE = "/etc/passwd";

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    protected RuntimeDriver driver;
    protected final RecordingListener exits = new RecordingListener();
    private final List<String> created = new ArrayList<>();
    private final List<RuntimeDriver> drivers = new ArrayList<>();

    /** A new driver instance over this test class's state directories. */
    protected abstract RuntimeDriver createDriver();

    /** A root filesystem for this container with sh, echo, sleep, cat in /bin and {@value #NON_EXECUTABLE_FILE}. */
    protected abstract Path rootfs(String id);

    /** The bundle dir the driver expects for this id. */
    protected abstract Path bundleDir(String id);

    /** The log path the driver expects for this id. */
    protected abstract Path logPath(String id);

    @BeforeEach
    void setUpDriver() {
        driver = newDriver();
        driver.setExitListener(exits);
    }

    @AfterEach
    void tearDownContainers() {
        for (String id : created) {
            try {
                driver.delete(id);
            } catch (RuntimeException e) {
                // best effort; the subclass cleans up what is left by id
            }
        }
        drivers.forEach(RuntimeDriver::close);
    }

    protected RuntimeDriver newDriver() {
        RuntimeDriver d = createDriver();
        drivers.add(d);
        return d;
    }

    protected String newId() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        created.add(id);
        return id;
    }

    /** The ids this test created (for a subclass's own cleanup). */
    protected List<String> createdIds() {
        return List.copyOf(created);
    }

    protected ContainerSpec spec(String id, String... args) {
        return new ContainerSpec(id, bundleDir(id), rootfs(id), false, List.of(args), List.of(), "/", "",
                id.substring(0, 12), "", ContainerSpec.NetworkSetup.none(), List.of(), ContainerSpec.Resources.NONE,
                ContainerSpec.Security.DEFAULT, Map.of(), logPath(id));
    }

    @Test
    void start_echo_listenerHearsZeroAndLogHoldsLine() throws Exception {
        String id = newId();
        RunResult run = driver.start(spec(id, "echo", "hello berth"));
        assertThat(run.pid()).isPositive();
        assertThat(exits.await(id).exitCode()).isEqualTo(0);
        List<LogEntry> log = readLog(id, 1);
        assertThat(log).hasSize(1);
        assertThat(new String(log.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("hello berth\n");
        assertThat(log.get(0).stream()).isEqualTo(LogEntry.StdStream.STDOUT);
        assertThat(driver.status(id)).isInstanceOf(RuntimeStatus.Exited.class);
    }

    @Test
    void start_exit3_listenerHearsThreeOnce() throws Exception {
        String id = newId();
        driver.start(spec(id, "sh", "-c", "exit 3"));
        assertThat(exits.await(id).exitCode()).isEqualTo(3);
        Thread.sleep(3_000); // longer than any safety-net poll
        assertThat(exits.count(id)).isEqualTo(1);
        RuntimeStatus status = driver.status(id);
        assertThat(status).isInstanceOf(RuntimeStatus.Exited.class);
        assertThat(((RuntimeStatus.Exited) status).status().exitCode()).isEqualTo(3);
    }

    @Test
    void kill9_sleeping_listenerHears137() throws Exception {
        String id = newId();
        RunResult run = driver.start(spec(id, "sleep", "60"));
        assertThat(driver.status(id)).isEqualTo(new RuntimeStatus.Running(run.pid()));
        driver.kill(id, 9);
        ExitStatus exit = exits.await(id);
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(exit.oomKilled()).isFalse();
    }

    @Test
    void kill_stopped_conflict() throws Exception {
        String id = newId();
        driver.start(spec(id, "true"));
        exits.await(id);
        assertThatThrownBy(() -> driver.kill(id, 15))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("is not running");
        String unknown = newId();
        assertThatThrownBy(() -> driver.kill(unknown, 15))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
    }

    @Test
    void delete_twice_idempotentAndMissingAfter() throws Exception {
        String id = newId();
        driver.start(spec(id, "true"));
        exits.await(id);
        driver.delete(id);
        driver.delete(id);
        assertThat(driver.status(id)).isEqualTo(new RuntimeStatus.Missing());
    }

    @Test
    void delete_running_killsItAndListenerHearsOnce() throws Exception {
        String id = newId();
        driver.start(spec(id, "sleep", "60"));
        driver.delete(id);
        assertThat(driver.status(id)).isEqualTo(new RuntimeStatus.Missing());
        assertThat(exits.await(id).exitCode()).isEqualTo(137);
    }

    @Test
    void status_unknownId_missing() {
        assertThat(driver.status(newId())).isEqualTo(new RuntimeStatus.Missing());
    }

    @Test
    void restartAfterDelete_newRunReported() throws Exception {
        String id = newId();
        driver.start(spec(id, "sh", "-c", "exit 4"));
        assertThat(exits.await(id).exitCode()).isEqualTo(4);
        driver.delete(id);
        driver.start(spec(id, "sh", "-c", "exit 5"));
        assertThat(exits.await(id).exitCode()).isEqualTo(5);
    }

    @Test
    void restore_byFreshDriverWhileRunning_runningThenExitReachesNewListener() throws Exception {
        String id = newId();
        RunResult run = driver.start(spec(id, "sleep", "60"));
        driver.close();
        RuntimeDriver second = newDriver();
        RecordingListener secondExits = new RecordingListener();
        second.setExitListener(secondExits);
        assertThat(second.restore(id)).isEqualTo(new RuntimeStatus.Running(run.pid()));
        second.kill(id, 9);
        assertThat(secondExits.await(id).exitCode()).isEqualTo(137);
        driver = second;
    }

    @Test
    void restore_exitedMeanwhile_reportsExitedWithoutListener() throws Exception {
        String id = newId();
        driver.start(spec(id, "sh", "-c", "exit 7"));
        exits.await(id);
        driver.close();
        RuntimeDriver second = newDriver();
        RecordingListener secondExits = new RecordingListener();
        second.setExitListener(secondExits);
        RuntimeStatus s = second.restore(id);
        assertThat(s).isInstanceOf(RuntimeStatus.Exited.class);
        assertThat(((RuntimeStatus.Exited) s).status().exitCode()).isEqualTo(7);
        assertThat(secondExits.poll(id, Duration.ofSeconds(3))).isNull();
        driver = second;
    }

    @Test
    void stderr_taggedStderr() throws Exception {
        String id = newId();
        driver.start(spec(id, "sh", "-c", "echo out; echo err >&2"));
        exits.await(id);
        List<LogEntry> log = readLog(id, 2);
        assertThat(log).extracting(e -> new String(e.data(), StandardCharsets.UTF_8) + "/" + e.stream())
                .containsExactlyInAnyOrder("out\n/STDOUT", "err\n/STDERR");
    }

    @Test
    void openLog_fromEnd_seesOnlyNewEntries() throws Exception {
        String id = newId();
        try (LogStream early = driver.openLog(id, false)) {
            assertThat(early.poll(Duration.ofMillis(100))).isNull();
            driver.start(spec(id, "sh", "-c", "echo one; sleep 2; echo two"));
            assertThat(new String(early.poll(Duration.ofSeconds(10)).data(), StandardCharsets.UTF_8)).isEqualTo("one\n");
            try (LogStream tail = driver.openLog(id, true)) {
                LogEntry next = tail.poll(Duration.ofSeconds(10));
                assertThat(next).isNotNull();
                assertThat(new String(next.data(), StandardCharsets.UTF_8)).isEqualTo("two\n");
            }
        }
        exits.await(id);
    }

    @Test
    void start_missingCommand_commandNotFoundAndNothingLeft() {
        for (String command : List.of("/no/such/binary", "nosuchcommand")) {
            String id = newId();
            assertThatThrownBy(() -> driver.start(spec(id, command)))
                    .as(command)
                    .isInstanceOfSatisfying(StartFailedException.class, e -> {
                        assertThat(e.failure()).isEqualTo(StartFailure.COMMAND_NOT_FOUND);
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    })
                    .hasMessageContaining(command);
            assertThat(driver.status(id)).isEqualTo(new RuntimeStatus.Missing());
            assertThat(exits.poll(id, Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void start_notExecutable_notExecutableAndNothingLeft() {
        // a regular file without execute permission, and a directory
        for (String path : List.of(NON_EXECUTABLE_FILE, "/bin")) {
            String id = newId();
            assertThatThrownBy(() -> driver.start(spec(id, path)))
                    .as(path)
                    .isInstanceOfSatisfying(StartFailedException.class, e -> {
                        assertThat(e.failure()).isEqualTo(StartFailure.NOT_EXECUTABLE);
                        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    });
            assertThat(driver.status(id)).isEqualTo(new RuntimeStatus.Missing());
            assertThat(exits.poll(id, Duration.ofSeconds(1))).isNull();
        }
    }

    @Test
    void start_running_conflict() {
        String id = newId();
        driver.start(spec(id, "sleep", "60"));
        assertThatThrownBy(() -> driver.start(spec(id, "sleep", "60")))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT));
    }

    protected List<LogEntry> readLog(String id, int expected) throws Exception {
        List<LogEntry> out = new ArrayList<>();
        try (LogStream log = driver.openLog(id, false)) {
            LogEntry e;
            while (out.size() < expected && (e = log.poll(Duration.ofSeconds(5))) != null) {
                out.add(e);
            }
            // nothing more should follow
            e = log.poll(Duration.ofMillis(300));
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Records exits per id; counts duplicates. */
    public static final class RecordingListener implements ExitListener {
        private final Map<String, BlockingQueue<ExitStatus>> byId = new ConcurrentHashMap<>();
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();

        @Override
        public void exited(String id, ExitStatus status) {
            counts.merge(id, 1, Integer::sum);
            queue(id).add(status);
        }

        public ExitStatus await(String id) throws InterruptedException {
            ExitStatus s = queue(id).poll(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(s).as("exit of " + id).isNotNull();
            return s;
        }

        public ExitStatus poll(String id, Duration timeout) {
            try {
                return queue(id).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        public int count(String id) {
            return counts.getOrDefault(id, 0);
        }

        private BlockingQueue<ExitStatus> queue(String id) {
            return byId.computeIfAbsent(id, k -> new LinkedBlockingQueue<>());
        }
    }
}
