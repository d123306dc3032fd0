package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two daemons cannot share a default bridge: the second refuses to start and says what to pass. */
@Timeout(value = 180)
class BridgeNameClashIT {

    @Test
    void secondDaemon_onTheFirstsBridge_failsFastNamingBridgeFlag_firstKeepsWorking() throws IOException {
        BerthdProcess.requireEnvironment();
        try (BerthdProcess first = BerthdProcess.start()) {
            ok(first.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            ok(first.docker("run", "-d", "--name", "before", "busybox", "sleep", "300"));
            String bridge = first.bridgeName();

            long t0 = System.nanoTime();
            assertThatThrownBy(() -> BerthdProcess.startOnBridge(bridge).close())
                    .hasMessageContaining("berthd exited with 1")
                    .hasMessageContaining("default bridge " + bridge + " cannot be used: bridge " + bridge
                            + " belongs to another berthd")
                    .hasMessageContaining("--bridge NAME");
            assertThat((System.nanoTime() - t0) / 1_000_000_000).as("seconds until it gave up").isLessThan(30);

            assertThat(ok(first.docker("run", "--rm", "busybox", "echo", "still-here")).out()).isEqualTo("still-here\n");
            String ip = ok(first.docker("inspect", "-f", "{{.NetworkSettings.Networks.bridge.IPAddress}}", "before"))
                    .out().strip();
            assertThat(ok(first.docker("run", "--rm", "busybox", "busybox", "ping", "-c1", "-W2", ip)).out())
                    .contains("1 packets received");
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }
}
