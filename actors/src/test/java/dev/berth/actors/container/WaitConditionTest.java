package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import org.junit.jupiter.api.Test;

class WaitConditionTest {

    @Test
    void parse_absentOrEmpty_notRunning() {
        assertThat(WaitCondition.parse(null)).isEqualTo(WaitCondition.NOT_RUNNING);
        assertThat(WaitCondition.parse("")).isEqualTo(WaitCondition.NOT_RUNNING);
    }

    @Test
    void parse_dockersWords() {
        assertThat(WaitCondition.parse("not-running")).isEqualTo(WaitCondition.NOT_RUNNING);
        assertThat(WaitCondition.parse("next-exit")).isEqualTo(WaitCondition.NEXT_EXIT);
        assertThat(WaitCondition.parse("removed")).isEqualTo(WaitCondition.REMOVED);
    }

    @Test
    void parse_other_dockersMessage() {
        assertThatThrownBy(() -> WaitCondition.parse("soon"))
                .isInstanceOf(EngineException.class).hasMessage("invalid condition: \"soon\"");
    }
}
