package dev.berth.actors.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import org.junit.jupiter.api.Test;

class SignalsTest {

    @Test
    void namesWithOrWithoutSigInAnyCase_andNumbers() {
        assertThat(Signals.parse("SIGTERM")).isEqualTo(15);
        assertThat(Signals.parse("term")).isEqualTo(15);
        assertThat(Signals.parse("sigusr1")).isEqualTo(10);
        assertThat(Signals.parse("CLD")).isEqualTo(17);
        assertThat(Signals.parse("9")).isEqualTo(9);
        assertThat(Signals.parse("SIGRTMIN+3")).isEqualTo(37);
        assertThat(Signals.parse("RTMAX-1")).isEqualTo(63);
        assertThat(Signals.parse("RTMAX")).isEqualTo(64);
    }

    @Test
    void unknownNamesAndZero_areDockerdsInvalidSignal() {
        for (String bad : new String[] {"FOO", "0", "SIGRTMIN+16", "RTMAX-15", " TERM", "SIG"}) {
            assertThatThrownBy(() -> Signals.parse(bad)).as(bad).isInstanceOfSatisfying(EngineException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                assertThat(e.getMessage()).isEqualTo("invalid signal: " + bad);
            });
        }
    }

    @Test
    void numbersParseAsGiven_butKillRefusesOnesLinuxHasNot() {
        assertThat(Signals.parse("99")).isEqualTo(99);
        assertThat(Signals.parseForKill("64")).isEqualTo(64);
        assertThat(Signals.parseForKill("HUP")).isEqualTo(1);
        for (String bad : new String[] {"99", "32", "-1"}) {
            assertThatThrownBy(() -> Signals.parseForKill(bad)).as(bad)
                    .hasMessage("the linux daemon does not support signal " + Integer.parseInt(bad));
        }
        assertThatThrownBy(() -> Signals.parseForKill("NOPE")).hasMessage("invalid signal: NOPE");
    }
}
