package dev.berth.actors.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkflowTest {
    private final List<String> log = new ArrayList<>();

    @Test
    void run_allStepsSucceed_noUndoAndTheResultReturned() {
        String result = Workflow.run("w", w -> {
            String name = w.step("reserve", () -> "web", n -> log.add("release " + n));
            w.step("create", () -> log.add("create " + name), () -> log.add("delete"));
            return name;
        });

        assertThat(result).isEqualTo("web");
        assertThat(log).containsExactly("create web");
    }

    @Test
    void run_laterStepFails_finishedStepsUndoneInReverseAndTheFailurePropagates() {
        EngineException failure = EngineException.conflict("network is gone");

        assertThatThrownBy(() -> Workflow.run("w", w -> {
            w.step("reserve", () -> "web", n -> log.add("release " + n));
            w.step("join", () -> log.add("joined"), () -> log.add("leave"));
            w.check("resolve", () -> {
                throw failure;
            });
            w.step("never", () -> log.add("never"), () -> log.add("never undone"));
            return null;
        })).isSameAs(failure);

        assertThat(log).containsExactly("joined", "leave", "release web");
    }

    @Test
    void run_anUndoFails_theOthersStillRunAndItIsAttached() {
        EngineException failure = EngineException.invalid("bad");

        assertThatThrownBy(() -> Workflow.run("w", w -> {
            w.step("first", () -> log.add("first"), () -> log.add("undo first"));
            w.step("second", () -> log.add("second"), () -> {
                throw new IllegalStateException("undo broke");
            });
            throw failure;
        })).isSameAs(failure);

        assertThat(log).containsExactly("first", "second", "undo first");
        assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("undo broke");
    }

    @Test
    void run_failingStepItself_isNotUndone() {
        assertThatThrownBy(() -> Workflow.run("w", w -> {
            w.step("ok", () -> log.add("ok"), () -> log.add("undo ok"));
            w.step("fails", () -> {
                throw EngineException.invalid("no");
            }, () -> log.add("undo fails"));
            return null;
        })).isInstanceOf(EngineException.class);

        assertThat(log).containsExactly("ok", "undo ok");
    }
}
