package dev.berth.actors.container;

import dev.berth.actors.container.ContainerRegistry.Envelope;
import dev.berth.actors.support.Ask;
import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.RestartPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart half of dockerd's restore: once the daemon has started and the containers that ran have
 * been reconciled, every stopped container with a restart policy is asked whether it starts again
 * ({@link ContainerCommand.RestartAtDaemonStart}; the entity decides, by its journaled state). After a
 * reboot that brings back {@code always} and {@code unless-stopped} containers, and {@code on-failure}
 * ones whose last run failed.
 */
public final class RestartOnBoot {
    private static final Logger LOG = LoggerFactory.getLogger(RestartOnBoot.class);
    private static final Duration PER_CONTAINER = Duration.ofMinutes(2);

    private RestartOnBoot() {}

    /** Starts the asks in the background; the future completes when every candidate has answered. */
    public static CompletableFuture<Void> begin(ContainerView view, ActorRef<Envelope> containers, Ask ask,
                                                Executor blocking) {
        return CompletableFuture.runAsync(() -> {
            List<CompletableFuture<?>> asked = new ArrayList<>();
            for (ContainerState s : candidates(view)) {
                String id = s.info().id();
                asked.add(ask.<Envelope, Done>stage(containers,
                                r -> new Envelope(id, new ContainerCommand.RestartAtDaemonStart(r)), PER_CONTAINER)
                        .thenApply(Reply::get)
                        .toCompletableFuture()
                        .exceptionally(e -> {
                            LOG.warn("container {}: not restarted at daemon start: {}", id, e.getMessage());
                            return null;
                        }));
            }
            CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).join();
            if (!asked.isEmpty()) {
                LOG.info("restart policies checked for {} stopped containers at daemon start", asked.size());
            }
        }, blocking);
    }

    /** Stopped containers whose policy is not {@code no}: the others cannot start by themselves. */
    static List<ContainerState> candidates(ContainerView view) {
        return view.all().stream()
                .filter(s -> s instanceof ContainerState.Stopped)
                .filter(s -> s.info().hostConfig().restartPolicy().name() != RestartPolicy.Name.NO)
                .toList();
    }
}
