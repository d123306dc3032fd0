package dev.berth.actors.support;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few steps that touch several entities or resources, each with its undo. Steps run in order on
 * the caller's thread; when one throws, the undos of the steps already finished run in reverse
 * order and the failure propagates (an undo that fails itself is logged and attached as suppressed,
 * and the remaining undos still run). Nothing here survives a crash: after one, each entity
 * reconciles its own half-done state on recovery, so no step may rely on its undo having run.
 *
 * <pre>
 *   String id = Workflow.run("create container", w -> {
 *       String name = w.step("reserve name", () -> reserve(), n -> release(n));
 *       w.step("create entity", () -> create(name));          // last step: nothing after it can fail
 *       return id;
 *   });
 * </pre>
 */
public final class Workflow {
    private static final Logger LOG = LoggerFactory.getLogger(Workflow.class);

    private record Undo(String step, Runnable action) {}

    private final String name;
    private final Deque<Undo> undos = new ArrayDeque<>();

    private Workflow(String name) {
        this.name = name;
    }

    /** Runs {@code body} as a workflow named {@code name}; on failure, undoes its finished steps. */
    public static <T> T run(String name, Function<Workflow, T> body) {
        Workflow w = new Workflow(name);
        try {
            return body.apply(w);
        } catch (RuntimeException | Error e) {
            w.undoAll(e);
            throw e;
        }
    }

    /** A step whose result the undo needs (e.g. the name it reserved). */
    public <T> T step(String step, Supplier<T> action, Consumer<? super T> undo) {
        T result = action.get();
        undos.push(new Undo(step, () -> undo.accept(result)));
        return result;
    }

    /** A step with an undo that needs nothing from it. */
    public void step(String step, Runnable action, Runnable undo) {
        action.run();
        undos.push(new Undo(step, undo));
    }

    /** A step with nothing to undo (a lookup, a check); named for the log when it fails. */
    public <T> T check(String step, Supplier<T> action) {
        return action.get();
    }

    private void undoAll(Throwable cause) {
        while (!undos.isEmpty()) {
            Undo u = undos.pop();
            try {
                u.action().run();
            } catch (RuntimeException e) {
                LOG.warn("{}: undoing '{}' after '{}' failed: {}", name, u.step(), cause.getMessage(), e.toString());
                cause.addSuppressed(e);
            }
        }
    }
}
