package dev.berth.spi.runtime;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.spi.ContractAssertions;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ExecCapable} runtime driver must do, in the style of {@link RuntimeDriverContract}
 * (whose hooks a driver's test already has): a driver's IT extends this and says how to make the
 * driver and a container spec whose rootfs has busybox's {@code sh}, {@code cat}, {@code sleep} and
 * {@code /bin/busybox}.
 */
public abstract class ExecCapableContract {

    protected RuntimeDriver driver;
    private final List<String> created = new ArrayList<>();

    protected abstract RuntimeDriver createDriver();

    /** A spec for container {@code id} running {@code args}, as {@link RuntimeDriverContract#spec} makes it. */
    protected abstract ContainerSpec spec(String id, String... args);

    @BeforeEach
    void setUpDriver() {
        driver = createDriver();
        driver.setExitListener((id, status) -> { });
    }

    @AfterEach
    void tearDown() {
        for (String id : created) {
            try {
                driver.delete(id);
            } catch (RuntimeException e) {
                // best effort
            }
        }
        driver.close();
    }

    /** The ids this test created (for a subclass's own cleanup). */
    protected List<String> createdIds() {
        return List.copyOf(created);
    }

    private String running() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String id = HexFormat.of().formatHex(b);
        created.add(id);
        driver.start(spec(id, "sleep", "600"));
        return id;
    }

    private ExecCapable exec() {
        assertInstanceOf(ExecCapable.class, driver, "the driver implements ExecCapable");
        return (ExecCapable) driver;
    }

    private static ExecSpec plain(String id, boolean stdin, String... args) {
        return new ExecSpec(id, List.of(args), List.of(), "", "", false, stdin, false, 0, 0);
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(out);
            } catch (IOException e) {
                // ends the stream
            }
            return out.toString(StandardCharsets.UTF_8);
        });
    }

    @Test
    void exec_outputStreamsAndExitCode_areTheProcesss() throws Exception {
        String id = running();
        try (ExecSession s = exec().exec(plain(id, false, "sh", "-c", "echo out; echo err >&2; exit 3"))) {
            assertTrue(s.pid() > 0);
            var out = readAll(s.stdout());
            var err = readAll(s.stderr());
            assertEquals(3, s.exitCode().get(20, TimeUnit.SECONDS));
            assertEquals("out\n", out.get(20, TimeUnit.SECONDS));
            assertEquals("err\n", err.get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void exec_stdin_reachesTheProcess_andClosingItEndsIt() throws Exception {
        String id = running();
        try (ExecSession s = exec().exec(plain(id, true, "cat"))) {
            var out = readAll(s.stdout());
            s.stdin().write("through stdin\n".getBytes(StandardCharsets.UTF_8));
            s.stdin().close();
            assertEquals("through stdin\n", out.get(20, TimeUnit.SECONDS));
            assertEquals(0, s.exitCode().get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void exec_tty_isATerminalOfTheGivenSize_andResizes() throws Exception {
        String id = running();
        var spec = new ExecSpec(id, List.of("sh"), List.of(), "", "", true, true, false, 30, 100);
        try (ExecSession s = exec().exec(spec)) {
            var out = readAll(s.stdout());
            s.stdin().write("busybox stty size\n".getBytes(StandardCharsets.UTF_8));
            Thread.sleep(500);
            s.resize(40, 120);
            Thread.sleep(300);
            s.stdin().write("busybox stty size; exit 4\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(4, s.exitCode().get(20, TimeUnit.SECONDS));
            ContractAssertions.assertContains(out.get(20, TimeUnit.SECONDS), "30 100\r\n", "40 120\r\n");
        }
    }

    @Test
    void exec_missingCommand_isCommandNotFound_andNotExecutable() {
        String id = running();
        {
            StartFailedException e = assertThrows(StartFailedException.class,
                    () -> exec().exec(plain(id, false, "no-such-command")));
            assertEquals(StartFailure.COMMAND_NOT_FOUND, e.failure());
            ContractAssertions.assertContains(e.getMessage(), "executable file not found");
        }
        {
            StartFailedException e = assertThrows(StartFailedException.class,
                    () -> exec().exec(plain(id, false, RuntimeDriverContract.NON_EXECUTABLE_FILE)));
            assertEquals(StartFailure.NOT_EXECUTABLE, e.failure());
        }
    }

    @Test
    void exec_stoppedContainer_isConflict() {
        String id = running();
        driver.kill(id, 9);
        long deadline = System.currentTimeMillis() + 10_000;
        while (driver.status(id) instanceof RuntimeStatus.Running && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        {
            EngineException e = assertThrows(EngineException.class, () -> exec().exec(plain(id, false, "true")));
            assertEquals(ErrorKind.CONFLICT, e.kind());
            assertEquals("container " + id + " is not running", e.getMessage());
        }
    }

    @Test
    void exec_diesWithItsContainer() throws Exception {
        String id = running();
        try (ExecSession s = exec().exec(plain(id, false, "sleep", "600"))) {
            driver.kill(id, 9);
            assertEquals(137, s.exitCode().get(20, TimeUnit.SECONDS));
        }
    }
}
