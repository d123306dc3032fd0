package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.api.backend.StatsSink;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.model.ContainerTopResponse;
import dev.berth.api.model.ContainerUpdateRequest;
import dev.berth.api.model.ContainerUpdateResponse;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfigUpdate;
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.ResourceUsage;
import dev.berth.spi.runtime.RuntimeDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** top, stats, pause, unpause and update for the containers router. */
public final class ContainerControl {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerControl.class);
    /** dockerd's collector interval: the CLI's CPU % is the change over one such interval. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final RuntimeDriver runtime;
    private final ContainerService containers;
    private final ExecutorService streams;
    private final HostPs ps;

    public ContainerControl(RuntimeDriver runtime, ContainerService containers, ExecutorService streams) {
        this(runtime, containers, streams, new HostPs());
    }

    ContainerControl(RuntimeDriver runtime, ContainerService containers, ExecutorService streams, HostPs ps) {
        this.runtime = runtime;
        this.containers = containers;
        this.streams = streams;
        this.ps = ps;
    }

    ContainerTopResponse top(String ref, String psArgs) {
        ContainerState s = containers.get(ref);
        String id = s.info().id();
        if (!(s instanceof ContainerState.Running)) {
            throw EngineException.conflict("container " + id + " is not running");
        }
        Set<Integer> pids = new HashSet<>(runtime.processes(id));
        return ps.top(psArgs == null || psArgs.isEmpty() ? "-ef" : psArgs, pids);
    }

    void pause(String ref) {
        containers.pause(ref);
    }

    void unpause(String ref) {
        containers.unpause(ref);
    }

    ContainerUpdateResponse update(String ref, ContainerUpdateRequest r, int cpus) {
        Long nanoCpus = positive(r.nanoCpus());
        if (nanoCpus != null && nanoCpus > cpus * 1_000_000_000L) {
            throw EngineException.invalid(String.format(
                    "Range of CPUs is from 0.01 to %d.00, as there are only %d CPUs available", cpus, cpus));
        }
        var restart = r.restartPolicy();
        RestartPolicy policy = restart == null || restart.name() == null || restart.name().isEmpty()
                ? null : RestartPolicy.of(restart.name(), restart.maximumRetryCount());
        // 0 is "unchanged" for every limit but the pids limit, whose "unchanged" is null (as in dockerd)
        List<String> warnings = new ArrayList<>();
        Integer blkioWeight = r.blkioWeight() == null || r.blkioWeight() == 0 ? null : r.blkioWeight();
        if (blkioWeight != null && !HostBlkio.Support.ofHost().weight()) {
            warnings.add("Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.");
            blkioWeight = null;
        }
        var update = new HostConfigUpdate(positive(r.memory()), r.memorySwap() == null || r.memorySwap() == 0 ? null
                : r.memorySwap(), nanoCpus, positive(r.cpuShares()), r.pidsLimit(), policy, r.cpusetCpus(), r.cpusetMems(),
                nonZero(r.cpuQuota()), positive(r.cpuPeriod()), positive(r.memoryReservation()), blkioWeight,
                positive(r.cpuRealtimePeriod()), positive(r.cpuRealtimeRuntime()));
        if ((update.cpuRealtimePeriod() != null || update.cpuRealtimeRuntime() != null) && !HostFacts.cpuRealtime()) {
            throw EngineException.invalid("kernel does not support CPU real-time scheduler");
        }
        HostCpusets.check(update.cpusetCpus(), update.cpusetMems());
        containers.update(ref, update);
        return new ContainerUpdateResponse(warnings);
    }

    /** The CFS quota's -1 (unlimited) is a value; only 0 is "unchanged". */
    private static Long nonZero(Long value) {
        return value == null || value == 0 ? null : value;
    }

    private static Long positive(Long value) {
        return value == null || value == 0 ? null : value;
    }

    StreamHandle stats(String ref, boolean stream, boolean oneShot, StatsSink sink) {
        String id = containers.get(ref).info().id();
        AtomicBoolean closed = new AtomicBoolean();
        streams.execute(() -> {
            try {
                ResourceUsage previous = null;
                while (!closed.get()) {
                    ContainerState s = containers.get(id);
                    ResourceUsage now = s instanceof ContainerState.Running ? sample(id) : null;
                    // a single sample waits for a second one, so that the CLI can compute CPU % from it
                    boolean emit = now == null || previous != null || oneShot || stream;
                    if (emit && !sink.sample(now == null ? StatsDtos.stopped(s.info().name(), id)
                            : StatsDtos.of(s.info().name(), id, now, previous))) {
                        break;
                    }
                    if (emit && !stream) {
                        break;
                    }
                    previous = now;
                    Thread.sleep(INTERVAL.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.debug("stats of {} ended: {}", id, e.toString());
            } finally {
                sink.end();
            }
        });
        return () -> closed.set(true);
    }

    /** A sample, or null when the container stopped between the state read and the cgroup read. */
    private ResourceUsage sample(String id) {
        try {
            return runtime.usage(id);
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.CONFLICT) {
                return null;
            }
            throw e;
        }
    }
}
