package dev.berth.actors.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.junit.jupiter.api.Test;

class CommandTableTest {

    sealed interface State permits Idle, Busy {}

    record Idle() implements State {}

    record Busy() implements State {}

    sealed interface Cmd permits Go, Halt {}

    record Go() implements Cmd {}

    record Halt() implements Cmd {}

    /** Stands in for an entity: the handlers write what ran into it; the effects are not looked at. */
    static final class Entity {
        final List<String> ran = new ArrayList<>();
        boolean holding;
    }

    private static final CommandTable<Entity, Cmd, String, State> TABLE = table();

    private static CommandTable<Entity, Cmd, String, State> table() {
        CommandTable.Builder<Entity, Cmd, String, State> b = CommandTable.builder();
        b.forStateType(Idle.class)
                .onCommand(Go.class, (e, s, c) -> run(e, "idle go " + s.getClass().getSimpleName()))
                .onAnyCommand((e, s, c) -> run(e, "idle any " + c.getClass().getSimpleName()));
        b.forStateType(Busy.class)
                .onCommand((e, c) -> e.holding, (e, s, c) -> run(e, "busy held"))
                .onCommand(Go.class, (e, s, c) -> run(e, "busy go"));
        return b.build();
    }

    private static <R> ReplyEffect<String, R> run(Entity e, String what) {
        e.ran.add(what);
        return null;
    }

    @Test
    void theFirstCaseOfTheStatesTypeThatMatchesRunsForTheEntityGiven() {
        Entity a = new Entity();
        Entity b = new Entity();
        TABLE.apply(a, new Idle(), new Go());
        TABLE.apply(a, new Idle(), new Halt());
        TABLE.apply(b, new Busy(), new Go());
        assertThat(a.ran).containsExactly("idle go Idle", "idle any Halt");
        assertThat(b.ran).containsExactly("busy go");
    }

    @Test
    void aPredicateOnTheEntitysOwnFieldsComesBeforeTheCasesAddedAfterIt() {
        Entity e = new Entity();
        e.holding = true;
        TABLE.apply(e, new Busy(), new Go());
        e.holding = false;
        TABLE.apply(e, new Busy(), new Go());
        assertThat(e.ran).containsExactly("busy held", "busy go");
    }

    @Test
    void aCommandNoCaseTakesIsRefusedLoudly() {
        Entity e = new Entity();
        assertThatThrownBy(() -> TABLE.apply(e, new Busy(), new Halt()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Halt").hasMessageContaining("Busy");
        assertThat(e.ran).isEmpty();
    }
}
