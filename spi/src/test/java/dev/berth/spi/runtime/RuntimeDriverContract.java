package dev.berth.spi.runtime;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.ContractAssertions;
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
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
        assertTrue(run.pid() > 0);
        assertEquals(0, exits.await(id).exitCode());
        List<LogEntry> log = readLog(id, 1);
        assertEquals(1, log.size());
        assertEquals("hello berth\n", new String(log.get(0).data(), StandardCharsets.UTF_8));
        assertEquals(LogEntry.StdStream.STDOUT, log.get(0).stream());
        assertInstanceOf(RuntimeStatus.Exited.class, driver.status(id));
    }

    @Test
    void start_exit3_listenerHearsThreeOnce() throws Exception {
        String id = newId();
        driver.start(spec(id, "sh", "-c", "exit 3"));
        assertEquals(3, exits.await(id).exitCode());
        Thread.sleep(3_000); // longer than any safety-net poll
        assertEquals(1, exits.count(id));
        RuntimeStatus status = driver.status(id);
        assertInstanceOf(RuntimeStatus.Exited.class, status);
        assertEquals(3, ((RuntimeStatus.Exited) status).status().exitCode());
    }

    @Test
    void kill9_sleeping_listenerHears137() throws Exception {
        String id = newId();
        RunResult run = driver.start(spec(id, "sleep", "60"));
        assertEquals(new RuntimeStatus.Running(run.pid()), driver.status(id));
        driver.kill(id, 9);
        ExitStatus exit = exits.await(id);
        assertEquals(137, exit.exitCode());
        assertFalse(exit.oomKilled());
    }

    @Test
    void kill_stopped_conflict() throws Exception {
        String id = newId();
        driver.start(spec(id, "true"));
        exits.await(id);
        {
            EngineException e = assertThrows(EngineException.class, () -> driver.kill(id, 15));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            ContractAssertions.assertContains(e.getMessage(), "is not running");
        }
        String unknown = newId();
        {
            EngineException e = assertThrows(EngineException.class, () -> driver.kill(unknown, 15));
            assertEquals(ErrorKind.CONFLICT, e.kind());
        }
    }

    @Test
    void delete_twice_idempotentAndMissingAfter() throws Exception {
        String id = newId();
        driver.start(spec(id, "true"));
        exits.await(id);
        driver.delete(id);
        driver.delete(id);
        assertEquals(new RuntimeStatus.Missing(), driver.status(id));
    }

    @Test
    void delete_running_killsItAndListenerHearsOnce() throws Exception {
        String id = newId();
        driver.start(spec(id, "sleep", "60"));
        driver.delete(id);
        assertEquals(new RuntimeStatus.Missing(), driver.status(id));
        assertEquals(137, exits.await(id).exitCode());
    }

    @Test
    void status_unknownId_missing() {
        assertEquals(new RuntimeStatus.Missing(), driver.status(newId()));
    }

    @Test
    void restartAfterDelete_newRunReported() throws Exception {
        String id = newId();
        driver.start(spec(id, "sh", "-c", "exit 4"));
        assertEquals(4, exits.await(id).exitCode());
        driver.delete(id);
        driver.start(spec(id, "sh", "-c", "exit 5"));
        assertEquals(5, exits.await(id).exitCode());
    }

    @Test
    void restore_byFreshDriverWhileRunning_runningThenExitReachesNewListener() throws Exception {
        String id = newId();
        RunResult run = driver.start(spec(id, "sleep", "60"));
        driver.close();
        RuntimeDriver second = newDriver();
        RecordingListener secondExits = new RecordingListener();
        second.setExitListener(secondExits);
        assertEquals(new RuntimeStatus.Running(run.pid()), second.restore(id));
        second.kill(id, 9);
        assertEquals(137, secondExits.await(id).exitCode());
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
        assertInstanceOf(RuntimeStatus.Exited.class, s);
        assertEquals(7, ((RuntimeStatus.Exited) s).status().exitCode());
        assertNull(secondExits.poll(id, Duration.ofSeconds(3)));
        driver = second;
    }

    @Test
    void stderr_taggedStderr() throws Exception {
        String id = newId();
        driver.start(spec(id, "sh", "-c", "echo out; echo err >&2"));
        exits.await(id);
        List<LogEntry> log = readLog(id, 2);
        assertEquals(Set.of("out\n/STDOUT", "err\n/STDERR"), log.stream()
                .map(e -> new String(e.data(), StandardCharsets.UTF_8) + "/" + e.stream())
                .collect(Collectors.toSet()));
        assertEquals(2, log.size());
    }

    @Test
    void openLog_fromEnd_seesOnlyNewEntries() throws Exception {
        String id = newId();
        try (LogStream early = driver.openLog(id, false)) {
            assertNull(early.poll(Duration.ofMillis(100)));
            driver.start(spec(id, "sh", "-c", "echo one; sleep 2; echo two"));
            assertEquals("one\n", new String(early.poll(Duration.ofSeconds(10)).data(), StandardCharsets.UTF_8));
            try (LogStream tail = driver.openLog(id, true)) {
                LogEntry next = tail.poll(Duration.ofSeconds(10));
                assertNotNull(next);
                assertEquals("two\n", new String(next.data(), StandardCharsets.UTF_8));
            }
        }
        exits.await(id);
    }

    @Test
    void start_missingCommand_commandNotFoundAndNothingLeft() {
        for (String command : List.of("/no/such/binary", "nosuchcommand")) {
            String id = newId();
            {
                StartFailedException e = assertThrows(StartFailedException.class, () -> driver.start(spec(id, command)),
                        command);
                assertEquals(StartFailure.COMMAND_NOT_FOUND, e.failure());
                assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
                ContractAssertions.assertContains(e.getMessage(), command);
            }
            assertEquals(new RuntimeStatus.Missing(), driver.status(id));
            assertNull(exits.poll(id, Duration.ofSeconds(1)));
        }
    }

    @Test
    void start_notExecutable_notExecutableAndNothingLeft() {
        // a regular file without execute permission, and a directory
        for (String path : List.of(NON_EXECUTABLE_FILE, "/bin")) {
            String id = newId();
            {
                StartFailedException e = assertThrows(StartFailedException.class, () -> driver.start(spec(id, path)),
                        path);
                assertEquals(StartFailure.NOT_EXECUTABLE, e.failure());
                assertEquals(ErrorKind.INVALID_ARGUMENT, e.kind());
            }
            assertEquals(new RuntimeStatus.Missing(), driver.status(id));
            assertNull(exits.poll(id, Duration.ofSeconds(1)));
        }
    }

    @Test
    void start_running_conflict() {
        String id = newId();
        driver.start(spec(id, "sleep", "60"));
        {
            EngineException e = assertThrows(EngineException.class, () -> driver.start(spec(id, "sleep", "60")));
            assertEquals(ErrorKind.CONFLICT, e.kind());
        }
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
            assertNotNull(s, "exit of " + id);
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
