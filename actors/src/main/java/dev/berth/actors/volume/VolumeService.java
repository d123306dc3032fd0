package dev.berth.actors.volume;

import dev.berth.actors.support.Ask;
import dev.berth.actors.support.Done;
import dev.berth.persistence.volume.VolumeConfig;
import dev.berth.persistence.volume.VolumeMount;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.volume.VolumeDriver;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volume workflows: create (the driver checks the options and makes the storage, then the volume is
 * journaled), remove and prune (journaled, then the driver deletes the data), and for the container
 * path use/release and mount/unmount (journaled, then the driver). Blocking; called from request
 * threads and the blocking dispatcher, never from an actor.
 */
public final class VolumeService {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeService.class);
    /** Docker's label on volumes made without a name: {@code volume prune} removes them by default. */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";
    public static final String DEFAULT_DRIVER = "local";
    private static final String NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
    private static final Pattern NAME = Pattern.compile("^" + NAME_CHARS + "+$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ActorRef<VolumeRegistry.Envelope> volumes;
    private final VolumeView view;
    private final Map<String, VolumeDriver> drivers;
    private final DriverLookup lookup;
    private final Ask ask;

    /** @param drivers every volume driver found and running, by the name users give to {@code -d} */
    public VolumeService(ActorRef<VolumeRegistry.Envelope> volumes, VolumeView view, Map<String, VolumeDriver> drivers,
                         Ask ask) {
        this(volumes, view, drivers, DriverLookup.NONE, ask);
    }

    /** @param lookup asked for a driver name none of {@code drivers} has (a Docker plugin socket), when it is used */
    public VolumeService(ActorRef<VolumeRegistry.Envelope> volumes, VolumeView view, Map<String, VolumeDriver> drivers,
                         DriverLookup lookup, Ask ask) {
        this.volumes = volumes;
        this.view = view;
        this.drivers = Map.copyOf(drivers);
        this.lookup = lookup;
        this.ask = ask;
    }

    /** The driver called {@code name}: the daemon's own, else a plugin looked up now (it may wait, bounded); null when none. */
    private VolumeDriver find(String name) {
        VolumeDriver d = drivers.get(name);
        return d != null ? d : lookup.volumeDriver(name).orElse(null);
    }

    /** As {@link #find}, for reads: a plugin that is not there now is no driver, and no error. */
    private VolumeDriver findNow(String name) {
        VolumeDriver d = drivers.get(name);
        return d != null ? d : lookup.volumeDriverIfPresent(name).orElse(null);
    }

    public VolumeView view() {
        return view;
    }

    /** The volume's name as Docker checks it (the local driver's rule, which Berth applies to every driver). */
    public static void checkName(String name) {
        if (name.length() == 1) {
            throw EngineException.invalid("create " + name
                    + ": volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw EngineException.invalid("create " + name + ": \"" + name
                    + "\" includes invalid characters for a local volume name, only \"" + NAME_CHARS
                    + "\" are allowed. If you intended to pass a host directory, use absolute path");
        }
    }

    /**
     * Creates the volume, or answers the existing one of that name and driver (as Docker does).
     *
     * @param name    empty = an anonymous volume with a random name
     * @param driver  empty = {@code local}
     */
    public VolumeState.Active create(String name, String driver, Map<String, String> options, Map<String, String> labels) {
        String driverName = driver == null || driver.isEmpty() ? DEFAULT_DRIVER : driver;
        boolean anonymous = name == null || name.isEmpty();
        Map<String, String> allLabels = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        if (anonymous) {
            name = HexFormat.of().formatHex(randomBytes());
            allLabels.put(ANONYMOUS_LABEL, "");
        } else {
            checkName(name);
        }
        var config = new VolumeConfig(name, driverName, options, allLabels, anonymous);
        if (view.get(name).isPresent()) {
            return createEntity(config); // the same driver's volume as it is, or the name conflict
        }
        VolumeDriver d;
        try {
            d = find(driverName);
        } catch (EngineException e) {
            throw new EngineException(e.kind(), prefixed("create " + name + ": ", e.getMessage()));
        }
        if (d == null) {
            throw EngineException.notFound("create " + name + ": error looking up volume plugin " + driverName
                    + ": plugin \"" + driverName + "\" not found");
        }
        try {
            d.create(name, config.options());
        } catch (EngineException e) {
            throw new EngineException(e.kind(), prefixed("create " + name + ": ", e.getMessage()));
        }
        try {
            return createEntity(config);
        } catch (RuntimeException e) {
            // Journaling failed (or another driver took the name meanwhile): nothing half-made is left.
            removeQuietly(d, name);
            throw e;
        }
    }

    private VolumeState.Active createEntity(VolumeConfig config) {
        return ask.call(volumes, r -> new VolumeRegistry.Envelope(config.name(), new VolumeCommand.Create(config, r)));
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public VolumeState.Active inspect(String name) {
        return view.resolve(name);
    }

    public List<VolumeState.Active> list() {
        return new ArrayList<>(view.all());
    }

    /**
     * Removes an unused volume: journaled first (so no container can take it meanwhile), then the
     * driver deletes its data. With {@code force} an unknown name is no error, as in dockerd.
     */
    public void remove(String name, boolean force) {
        if (view.get(name).isEmpty()) {
            if (force) {
                return;
            }
            throw EngineException.notFound("get " + name + ": no such volume");
        }
        VolumeState.Active removed;
        try {
            removed = ask.call(volumes, r -> new VolumeRegistry.Envelope(name, new VolumeCommand.Remove(r)));
        } catch (EngineException e) {
            if (force && e.kind() == ErrorKind.NOT_FOUND) {
                return; // removed meanwhile by another request
            }
            throw e;
        }
        VolumeDriver d;
        try {
            d = find(removed.config().driver());
        } catch (EngineException e) {
            LOG.warn("volume {} removed; its data is left where it was: {}", name, e.getMessage());
            return;
        }
        if (d == null) {
            LOG.warn("volume {} removed; its driver {} is not available, so its data is left where it was", name,
                    removed.config().driver());
            return;
        }
        removeQuietly(d, name);
    }

    private static void removeQuietly(VolumeDriver d, String name) {
        try {
            d.remove(name);
        } catch (RuntimeException e) {
            LOG.warn("volume {}: driver {} could not remove its data: {}", name, d.name(), e.getMessage());
        }
    }

    /** What a prune removed: the names and the bytes their data took (as the drivers measured it before). */
    public record Pruned(List<String> names, long bytes) {
        public Pruned {
            names = List.copyOf(names);
        }
    }

    /**
     * Removes the unused volumes {@code filter} accepts: only anonymous ones unless {@code all}. A
     * volume taken by a container meanwhile is skipped, not an error.
     */
    public Pruned prune(boolean all, Predicate<VolumeConfig> filter) {
        List<String> removed = new ArrayList<>();
        long bytes = 0;
        for (VolumeState.Active v : view.all()) {
            if (v.inUse() || (!all && !v.config().anonymous()) || !filter.test(v.config())) {
                continue;
            }
            long size = size(v.config());
            try {
                remove(v.config().name(), false);
            } catch (EngineException e) {
                LOG.debug("prune skipped volume {}: {}", v.config().name(), e.getMessage());
                continue;
            }
            removed.add(v.config().name());
            bytes += Math.max(0, size);
        }
        return new Pruned(removed, bytes);
    }

    /** A container refers to the volume from its creation (Docker's "in use", even while stopped). */
    public void use(String name, String containerId) {
        ask.<VolumeRegistry.Envelope, Done>call(volumes, r -> new VolumeRegistry.Envelope(name,
                new VolumeCommand.Use(containerId, r)));
    }

    /** The container is removed: it neither refers to nor mounts the volume any more. */
    public void release(String name, String containerId) {
        ask.<VolumeRegistry.Envelope, Done>call(volumes, r -> new VolumeRegistry.Envelope(name,
                new VolumeCommand.Release(containerId, r)));
    }

    /**
     * The container is removed: every volume it used or mounted is released (and unmounted by the
     * driver if it was mounted); with {@code removeAnonymous} ({@code rm -v}, {@code AutoRemove}) its
     * anonymous volumes that no other container uses are removed, as dockerd does.
     */
    public void releaseAll(String containerId, boolean removeAnonymous) {
        for (VolumeState.Active v : view.all()) {
            if (!v.references().contains(containerId)) {
                continue;
            }
            String name = v.config().name();
            boolean mounted = v.mounts().containsKey(containerId);
            release(name, containerId);
            if (mounted) {
                unmountDriver(name, containerId);
            }
            if (removeAnonymous && v.config().anonymous()) {
                try {
                    remove(name, false);
                } catch (EngineException e) {
                    LOG.debug("anonymous volume {} kept: {}", name, e.getMessage());
                }
            }
        }
    }

    /** The container's run ended: every volume it had mounted is unmounted (journal first, then the driver). */
    public void unmountAll(String containerId) {
        for (VolumeState.Active v : view.all()) {
            if (v.mounts().containsKey(containerId)) {
                unmount(v.config().name(), containerId);
            }
        }
    }

    /**
     * For a container start: journals the mount, then has the driver make the data available.
     *
     * @return the host directory to bind at {@code destination}
     */
    public Path mount(String name, String containerId, String destination, boolean readWrite, String propagation) {
        VolumeState.Active v = ask.call(volumes, r -> new VolumeRegistry.Envelope(name,
                new VolumeCommand.Mount(new VolumeMount(containerId, destination, readWrite, propagation), r)));
        VolumeDriver d = driver(v.config());
        try {
            return d.mount(name, containerId);
        } catch (RuntimeException e) {
            // The journal must not say mounted what the driver never mounted.
            ask.<VolumeRegistry.Envelope, Done>call(volumes, r -> new VolumeRegistry.Envelope(name,
                    new VolumeCommand.Unmount(containerId, r)));
            throw e;
        }
    }

    /**
     * The volume's data made available for a moment's file operation ({@code docker cp} on a container that
     * does not run, as dockerd mounts its volumes for it), held by {@code holder} alone and not journaled: a
     * daemon killed meanwhile leaves a driver mount no running container holds, which the drivers' restore
     * drops. Undone by {@link #releaseTransient}.
     */
    public Path mountTransient(String name, String holder) {
        VolumeState.Active v = inspect(name);
        return driver(v.config()).mount(name, holder);
    }

    /** Undoes {@link #mountTransient}. */
    public void releaseTransient(String name, String holder) {
        unmountDriver(name, holder);
    }

    /** For a container stop: journals the unmount, then the driver releases the caller's mount. */
    public void unmount(String name, String containerId) {
        ask.<VolumeRegistry.Envelope, Done>call(volumes, r -> new VolumeRegistry.Envelope(name,
                new VolumeCommand.Unmount(containerId, r)));
        unmountDriver(name, containerId);
    }

    /**
     * Without waiting for a plugin that is not there now: a container's stop or removal must not hang on
     * a plugin that is gone (its mount went with it).
     */
    private void unmountDriver(String name, String containerId) {
        view.get(name).map(v -> findNow(v.config().driver())).ifPresent(d -> d.unmount(name, containerId));
    }

    /** The driver that keeps {@code volume}'s data; dockerd's 404 when it is not available. */
    VolumeDriver driver(VolumeConfig volume) {
        VolumeDriver d = find(volume.driver());
        if (d == null) {
            throw EngineException.notFound("error looking up volume plugin " + volume.driver() + ": plugin \""
                    + volume.driver() + "\" not found");
        }
        return d;
    }

    /** Inspect's Mountpoint: where the driver keeps the data, or "" when its driver is not available. */
    public String mountpoint(VolumeConfig volume) {
        VolumeDriver d = findNow(volume.driver());
        return d == null ? "" : d.path(volume.name()).toString();
    }

    /** Inspect's Scope. */
    public String scope(VolumeConfig volume) {
        VolumeDriver d = findNow(volume.driver());
        return d == null ? "local" : d.scope();
    }

    /** Bytes the data takes, or -1 when the driver cannot tell. */
    public long size(VolumeConfig volume) {
        VolumeDriver d = findNow(volume.driver());
        try {
            return d == null ? -1 : d.size(volume.name());
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * At start-up, after the journal is folded: mounts of containers that are no longer running are
     * journaled as unmounted, then every driver (also one with no volumes left) is told what the
     * journal says it holds and which running containers have each mounted.
     *
     * Users that are no container (berthd was killed between a volume's use and its container's
     * creation) are released, so no volume stays in use by nothing.
     *
     * @param running whether a container id runs (or is starting) now
     * @param exists  whether a container id is a container (not removed)
     */
    public void restore(Predicate<String> running, Predicate<String> exists) {
        Map<String, Map<String, Map<String, String>>> volumesByDriver = new HashMap<>();
        Map<String, Map<String, List<String>>> mountsByDriver = new HashMap<>();
        for (VolumeState.Active v : view.all()) {
            String name = v.config().name();
            List<String> gone = new ArrayList<>();
            for (String cid : v.references()) {
                if (!exists.test(cid)) {
                    gone.add(cid);
                    LOG.info("volume {}: releasing container {}, which was never created or is gone", name, cid);
                    release(name, cid);
                }
            }
            List<String> still = new ArrayList<>();
            for (String cid : v.mounts().keySet()) {
                if (gone.contains(cid)) {
                    continue;
                }
                if (running.test(cid)) {
                    still.add(cid);
                } else {
                    ask.<VolumeRegistry.Envelope, Done>call(volumes, r -> new VolumeRegistry.Envelope(name,
                            new VolumeCommand.Unmount(cid, r)));
                }
            }
            volumesByDriver.computeIfAbsent(v.config().driver(), k -> new HashMap<>()).put(name, v.config().options());
            if (!still.isEmpty()) {
                mountsByDriver.computeIfAbsent(v.config().driver(), k -> new HashMap<>()).put(name, List.copyOf(still));
            }
        }
        drivers.forEach((driverName, d) -> {
            try {
                d.restore(volumesByDriver.getOrDefault(driverName, Map.of()), mountsByDriver.getOrDefault(driverName, Map.of()));
            } catch (RuntimeException e) {
                LOG.error("volume driver {} could not restore its volumes: {}", driverName, e.getMessage(), e);
            }
        });
        volumesByDriver.keySet().stream().filter(n -> !drivers.containsKey(n)).forEach(n ->
                LOG.info("volumes of driver {} are journaled; it is not one of berthd's own drivers (a plugin socket is"
                        + " looked up when first used)", n));
    }

    private static String prefixed(String prefix, String message) {
        return message != null && message.startsWith(prefix) ? message : prefix + message;
    }
}
