package dev.berth.actors.support;

import dev.berth.spi.EngineException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** Blocking asks for the service layer, which runs on request threads, never on actors. */
public final class Ask {
    private final ActorSystem<?> system;
    private final Duration timeout;

    public Ask(ActorSystem<?> system, Duration timeout) {
        this.system = system;
        this.timeout = timeout;
    }

    public <Req, T> T call(RecipientRef<Req> target, Function<ActorRef<Reply<T>>, Req> message) {
        return await(stage(target, message, timeout), timeout);
    }

    public <Req, T> CompletionStage<Reply<T>> stage(RecipientRef<Req> target,
                                                    Function<ActorRef<Reply<T>>, Req> message, Duration timeout) {
        return AskPattern.ask(target, message::apply, timeout, system.scheduler());
    }

    /** Waits, as {@link #call} does, for an ask made earlier with {@link #stage}. */
    public <T> T await(CompletionStage<Reply<T>> stage) {
        return await(stage, timeout);
    }

    /** An ask whose answer is awaited later, with this Ask's timeout. */
    public <Req, T> CompletionStage<Reply<T>> stage(RecipientRef<Req> target, Function<ActorRef<Reply<T>>, Req> message) {
        return stage(target, message, timeout);
    }

    public static <T> T await(CompletionStage<Reply<T>> stage, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof EngineException ee) {
                throw ee;
            }
            if (cause instanceof TimeoutException || cause instanceof org.apache.pekko.pattern.AskTimeoutException) {
                throw EngineException.unavailable("the engine did not answer in time", cause);
            }
            throw EngineException.internal(String.valueOf(cause), cause);
        } catch (TimeoutException e) {
            throw EngineException.unavailable("the engine did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted", e);
        }
    }
}
