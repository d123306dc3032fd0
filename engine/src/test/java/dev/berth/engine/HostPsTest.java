package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostPsTest {
    private static final String PS_EF = """
            UID          PID    PPID  C STIME TTY          TIME CMD
            root           1       0  0 08:00 ?        00:00:01 /sbin/init
            root        4242    4200  0 08:01 ?        00:00:00 sleep 1000
            root        4243    4242  0 08:01 ?        00:00:00 sh -c echo hi; sleep 5
            """;

    @Test
    void parse_psEf_keepsTheContainersPidsAndTheCommandWithItsSpaces() {
        var top = HostPs.parse(PS_EF, Set.of(4242, 4243));
        assertThat(top.titles()).containsExactly("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD");
        assertThat(top.processes()).containsExactly(
                List.of("root", "4242", "4200", "0", "08:01", "?", "00:00:00", "sleep 1000"),
                List.of("root", "4243", "4242", "0", "08:01", "?", "00:00:00", "sh -c echo hi; sleep 5"));
    }

    @Test
    void parse_pidComm_twoColumns() {
        var top = HostPs.parse("    PID COMMAND\n   4242 sleep\n      1 init\n", Set.of(4242));
        assertThat(top.titles()).containsExactly("PID", "COMMAND");
        assertThat(top.processes()).containsExactly(List.of("4242", "sleep"));
    }

    @Test
    void parse_noPidColumn_dockersMessage() {
        assertThatThrownBy(() -> HostPs.parse("COMMAND\nsleep\n", Set.of(1)))
                .hasMessage("Couldn't find PID field in ps output");
    }

    @Test
    void top_realPs_findsThisJvm() {
        int self = (int) ProcessHandle.current().pid();
        var top = new HostPs().top("-o pid,comm", Set.of(self));
        assertThat(top.titles()).containsExactly("PID", "COMMAND");
        assertThat(top.processes()).hasSize(1);
        assertThat(top.processes().get(0).get(0)).isEqualTo(Integer.toString(self));
    }

    @Test
    void top_optionsPsRefuses_is400WithPsFirstLine() {
        int self = (int) ProcessHandle.current().pid();
        assertThatThrownBy(() -> new HostPs().top("{bad", Set.of(self)))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("ps: error: garbage option");
    }

    @Test
    void top_optionsWithoutPidColumn_is400() {
        int self = (int) ProcessHandle.current().pid();
        assertThatThrownBy(() -> new HostPs().top("-o comm", Set.of(self)))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("Couldn't find PID field in ps output");
    }
}
