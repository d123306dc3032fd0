package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.actors.support.LiveEvents;
import dev.berth.persistence.CalledBy;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerHealth;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HealthStatus;
import dev.berth.persistence.container.Healthcheck;
import dev.berth.persistence.events.DockerEvent;
import dev.berth.spi.runtime.ExecCapable;
import dev.berth.spi.runtime.ExecSession;
import dev.berth.spi.runtime.ExecSpec;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs health probes (dockerd's daemon/health.go): one shared scheduler thread for every container,
 * each probe an exec in the container, each result folded by {@link ContainerHealth#after} and saved
 * beside the container ({@link HealthStore}); a status change is journaled as
 * {@link ContainerEvent.HealthChanged} ({@code health_status: …}). Probing follows the container's
 * life as the live events tell it: a start resets the health to starting, a die, pause or destroy stops
 * probing, an unpause resumes it; {@link #resume} picks up the running containers after a daemon
 * restart with the health they had. As in dockerd, each probe's exec is reported as
 * {@code exec_create}/{@code exec_start}/{@code exec_die}, but only to live listeners: journaling
 * three rows per probe would grow the journal without bound.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ContainerService containers;
    private final ExecCapable runtime;
    private final LiveEvents live;
    private final HealthStore store;
    private final ExecutorService streams;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-health");
        t.setDaemon(true);
        return t;
    });
    /** Probing containers; touched only on the scheduler thread. */
    private final Map<String, Watch> watches = new HashMap<>();
    /** Every known health, read by inspect and ps on any thread. */
    private final Map<String, ContainerHealth> healths = new ConcurrentHashMap<>();
    private final AutoCloseable subscription;

    public HealthMonitor(ContainerService containers, ExecCapable runtime, LiveEvents live, Path dataRoot,
                         ExecutorService streams) {
        this.containers = containers;
        this.runtime = runtime;
        this.live = live;
        this.store = new HealthStore(dataRoot);
        this.streams = streams;
        this.subscription = live.subscribe(this::onEvent);
    }

    /** After a daemon start: probe every running container that has a check, with the health it had. */
    public void resume() {
        scheduler.execute(() -> {
            for (ContainerState s : containers.view().all()) {
                if (s instanceof ContainerState.Running r && !r.paused()) {
                    watch(s.info());
                }
            }
        });
    }

    /** Docker's {@code State.Health}: null for a container without a check, or one never started with it. */
    public ContainerHealth health(ContainerInfo info) {
        Healthcheck check = info.config().healthcheck();
        if (check == null || !check.probes() || info.startedAt() == null) {
            return null;
        }
        return healths.computeIfAbsent(info.id(), id -> {
            ContainerHealth stored = store.read(id);
            return stored != null ? stored : ContainerHealth.starting();
        });
    }

    private void onEvent(DockerEvent e) {
        if (!e.type().equals(DockerEvent.CONTAINER) || e.sequenceNr() == 0) {
            return;
        }
        String id = e.actorId();
        switch (e.action()) {
            case "start" -> scheduler.execute(() -> started(id, e.time()));
            case "unpause" -> scheduler.execute(() -> containers.view().get(id).ifPresent(s -> watch(s.info())));
            case "die", "pause" -> scheduler.execute(() -> unwatch(id));
            case "destroy" -> scheduler.execute(() -> {
                unwatch(id);
                healths.remove(id);
            });
            default -> { }
        }
    }

    private void started(String id, Instant at) {
        containers.view().get(id).ifPresent(s -> {
            Healthcheck check = s.info().config().healthcheck();
            if (check == null || !check.probes()) {
                return;
            }
            ContainerHealth before = healths.get(id);
            if (before == null) {
                before = store.read(id);
            }
            ContainerHealth fresh = before == null ? ContainerHealth.starting() : before.restarted();
            healths.put(id, fresh);
            store.write(id, fresh);
            unwatch(id);
            schedule(new Watch(id, check, at));
        });
    }

    /** Probes a running container again with the health it has (after a daemon restart or an unpause). */
    private void watch(ContainerInfo info) {
        Healthcheck check = info.config().healthcheck();
        if (check == null || !check.probes() || watches.containsKey(info.id()) || info.startedAt() == null) {
            return;
        }
        health(info);
        schedule(new Watch(info.id(), check, info.startedAt()));
    }

    private void unwatch(String id) {
        Watch w = watches.remove(id);
        if (w != null) {
            w.stopped = true;
            if (w.next != null) {
                w.next.cancel(false);
            }
        }
    }

    /** dockerd's getInterval: the start interval while starting within the start period, never past its end. */
    private void schedule(Watch w) {
        watches.put(w.id, w);
        Duration interval = w.check.intervalOrDefault();
        Duration elapsed = Duration.between(w.startedAt, Instant.now());
        Duration startPeriod = w.check.startPeriodOrDefault();
        Duration delay = interval;
        if (elapsed.compareTo(startPeriod) < 0) {
            Duration remaining = startPeriod.minus(elapsed);
            ContainerHealth h = healths.get(w.id);
            if (remaining.compareTo(interval) < 0) {
                delay = remaining;
            } else if (h == null || h.status() == HealthStatus.STARTING) {
                delay = w.check.startIntervalOrDefault();
            }
        }
        w.next = scheduler.schedule(() -> probe(w), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void probe(Watch w) {
        if (w.stopped) {
            return;
        }
        Instant start = Instant.now();
        List<String> command = w.check.command();
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String execId = HexFormat.of().formatHex(raw);
        publish(w.id, new ContainerEvent.ExecCreated(start, execId, command, CalledBy.ENGINE));
        CompletableFuture.supplyAsync(() -> {
            publish(w.id, new ContainerEvent.ExecStarted(Instant.now(), execId, command, CalledBy.ENGINE));
            return runtime.exec(new ExecSpec(w.id, command, List.of(), "", "", false, false, false, 0, 0));
        }, streams).thenCompose((ExecSession session) ->
                ProbeRun.of(session, start, w.check.timeoutOrDefault(), streams, scheduler))
                .exceptionally(error -> new ContainerHealth.Probe(start, Instant.now(), -1,
                        (error.getCause() != null ? error.getCause() : error).getMessage()))
                .thenAccept(result -> {
                    publish(w.id, new ContainerEvent.ExecDied(Instant.now(), execId, result.exitCode(), CalledBy.ENGINE));
                    scheduler.execute(() -> handle(w, result));
                });
    }

    private void handle(Watch w, ContainerHealth.Probe result) {
        if (w.stopped) {
            return; // stopped while probing: dockerd drops the result too
        }
        ContainerHealth before = healths.getOrDefault(w.id, ContainerHealth.starting());
        ContainerHealth after = before.after(result, w.check, w.startedAt);
        healths.put(w.id, after);
        store.write(w.id, after);
        if (after.status() != before.status()) {
            var event = new ContainerEvent.HealthChanged(result.end(), after.status(), after.failingStreak(),
                    CalledBy.ENGINE);
            streams.execute(() -> {
                try {
                    containers.recordHealth(w.id, event);
                } catch (RuntimeException e) {
                    LOG.debug("container {}: health change not journaled: {}", w.id, e.toString());
                }
            });
        }
        schedule(w);
    }

    /** A probe's exec as dockerd reports it, to live listeners only (sequence 0: never journaled). */
    private void publish(String id, ContainerEvent event) {
        containers.view().get(id).ifPresent(s -> live.journaled("container|" + id, 0, event, s));
    }

    @Override
    public void close() {
        try {
            subscription.close();
        } catch (Exception e) {
            // nothing to release
        }
        scheduler.shutdownNow();
    }

    private static final class Watch {
        final String id;
        final Healthcheck check;
        final Instant startedAt;
        ScheduledFuture<?> next;
        boolean stopped;

        Watch(String id, Healthcheck check, Instant startedAt) {
            this.id = id;
            this.check = check;
            this.startedAt = startedAt;
        }
    }
}
