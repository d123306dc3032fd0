package dev.berth.actors.container;

import dev.berth.spi.EngineException;

/** What {@code POST /containers/{id}/wait} waits for (Docker's {@code condition}). */
public enum WaitCondition {
    /** The container is not running: answered at once when it is created or exited (the default). */
    NOT_RUNNING("not-running"),
    /** The end of the next run, even when it is not running now. */
    NEXT_EXIT("next-exit"),
    /** The container is removed. */
    REMOVED("removed");

    private final String word;

    WaitCondition(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The query parameter as given; absent or empty is {@link #NOT_RUNNING}. Docker's message otherwise. */
    public static WaitCondition parse(String condition) {
        if (condition == null || condition.isEmpty()) {
            return NOT_RUNNING;
        }
        for (WaitCondition c : values()) {
            if (c.word.equals(condition)) {
                return c;
            }
        }
        throw EngineException.invalid("invalid condition: \"" + condition + "\"");
    }
}
