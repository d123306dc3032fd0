package dev.berth.actors;

import dev.berth.actors.container.ContainerCommand;
import dev.berth.actors.container.ContainerRegistry;
import dev.berth.actors.container.ContainerView;
import dev.berth.actors.support.Ask;
import dev.berth.actors.support.Done;
import dev.berth.persistence.container.ContainerState;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The containers the journal says run, at daemon start. {@code ps} must be the truth as soon as the API
 * serves, but it does not need every entity awake: it needs the journal to agree with the host. So the
 * runtime is asked about all of them first (a file read each for runc, see {@code RuncStateFile}); a
 * container whose process is the one the journal names, paused or not as the journal says, is already
 * told truthfully and its entity wakes after the API serves (it re-adopts the process: exit tracking,
 * log shipping). Every other one (process gone, pid or pause state changed, starting or stopping when the
 * daemon went) wakes now and the API waits (bounded) until it has journaled what happened, as before.
 */
final class StartupAdoption {
    private static final Logger LOG = LoggerFactory.getLogger(StartupAdoption.class);
    private static final Duration ASK = Duration.ofSeconds(30);
    /** Entities woken at once after serving: a few, so that the first requests keep most of the CPU. */
    private static final int BACKGROUND_WAKES = 4;

    /**
     * @param owned    every id the journal says runs or starts: their entities reconcile the host themselves
     * @param agreed   those whose process the runtime confirms as journaled: woken after serving
     * @param disputed those whose entities must reconcile before serving
     */
    record Plan(Set<String> owned, List<String> agreed, List<String> disputed) {
        Plan {
            owned = Set.copyOf(owned);
            agreed = List.copyOf(agreed);
            disputed = List.copyOf(disputed);
        }
    }

    private StartupAdoption() {}

    static Plan plan(ContainerView view, RuntimeDriver runtime) {
        List<ContainerState> live = view.all().stream()
                .filter(s -> s instanceof ContainerState.Running || s instanceof ContainerState.Starting)
                .toList();
        // each check is a few small file reads: spread over the cores
        List<Boolean> agrees = live.parallelStream().map(s -> agrees(s, runtime)).toList();
        Set<String> owned = new HashSet<>();
        List<String> agreed = new ArrayList<>();
        List<String> disputed = new ArrayList<>();
        for (int i = 0; i < live.size(); i++) {
            String id = live.get(i).info().id();
            owned.add(id);
            (agrees.get(i) ? agreed : disputed).add(id);
        }
        return new Plan(owned, agreed, disputed);
    }

    /** Whether the runtime has the journaled process, in the journaled pause state, and nothing is under way. */
    static boolean agrees(ContainerState state, RuntimeDriver runtime) {
        if (!(state instanceof ContainerState.Running r) || r.stopping()) {
            return false;
        }
        String id = r.info().id();
        try {
            return runtime.status(id) instanceof RuntimeStatus.Running run && run.pid() == r.pid()
                    && runtime.paused(id) == r.paused();
        } catch (RuntimeException e) {
            // a runtime that cannot answer: the entity asks again and decides, as for any other doubt
            return false;
        }
    }

    /** Wakes the disputed entities and waits (bounded) until each has journaled what it found. */
    static void reconcile(Plan plan, ActorRef<ContainerRegistry.Envelope> registry, Ask ask) {
        List<CompletableFuture<?>> adopting = new ArrayList<>();
        for (String id : plan.disputed()) {
            adopting.add(wake(id, registry, ask));
        }
        try {
            CompletableFuture.allOf(adopting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("not every running container was re-adopted before serving: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the agreed entities, a few at a time, on {@code executor}; completes when all have re-adopted. */
    static CompletableFuture<Void> wakeInBackground(Plan plan, ActorRef<ContainerRegistry.Envelope> registry, Ask ask,
                                                    Executor executor) {
        return CompletableFuture.runAsync(() -> {
            long t0 = System.nanoTime();
            Semaphore slots = new Semaphore(BACKGROUND_WAKES);
            List<CompletableFuture<?>> woken = new ArrayList<>();
            for (String id : plan.agreed()) {
                slots.acquireUninterruptibly();
                woken.add(wake(id, registry, ask).whenComplete((x, e) -> slots.release()));
            }
            CompletableFuture.allOf(woken.toArray(CompletableFuture[]::new)).join();
            if (!woken.isEmpty()) {
                LOG.info("{} running containers re-adopted in the background in {} ms", woken.size(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            }
        }, executor);
    }

    private static CompletableFuture<?> wake(String id, ActorRef<ContainerRegistry.Envelope> registry, Ask ask) {
        return ask.<ContainerRegistry.Envelope, Done>stage(registry,
                        r -> new ContainerRegistry.Envelope(id, new ContainerCommand.AwaitRecovered(r)), ASK)
                .toCompletableFuture()
                .exceptionally(e -> {
                    LOG.warn("container {}: not re-adopted: {}", id, e.toString());
                    return null;
                });
    }
}
