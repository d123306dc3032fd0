package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Training's canned lines run through: the lean ps and inspect, printing the canned objects. */
class CannedDaemonTest {
    private static String[] run(String host, String... line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[line.length + 2];
        args[0] = "-H";
        args[1] = host;
        System.arraycopy(line, 0, args, 2, line.length);
        int code = Main.run(args, new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), Map.of()));
        return new String[] {Integer.toString(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void psAndInspect_printTheCannedContainers() throws Exception {
        try (CannedDaemon canned = new CannedDaemon()) {
            assertThat(run(canned.host(), "ps", "-a", "--format", "{{.Names}} {{.Ports}}"))
                    .containsExactly("0", "web 53/udp, 0.0.0.0:8080->80/tcp\ndb \n", "");
            assertThat(run(canned.host(), "inspect", "--format", "{{.Name}} {{.State.Pid}}", "web"))
                    .containsExactly("0", "/web 42\n", "");
            assertThat(run(canned.host(), "image", "inspect", "busybox")[0]).isEqualTo("1");
        }
    }
}
