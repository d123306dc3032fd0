package dev.berth.actors.logs;

import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.LogTag;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log shippers of the running containers, driven by one shared thread that looks at each capture
 * file every {@link #TICK_MS} ms (a stat per container; no thread per container). A container that is
 * not running has no shipper: its files are complete, because {@link #drain} ran before its exit became
 * visible.
 */
public final class LogShippers implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LogShippers.class);
    static final long TICK_MS = 100;

    private final Path containersDir;
    private final Function<String, ContainerInfo> containers;
    private final HolePunch punch;
    private final Map<String, LogShipper> running = new ConcurrentHashMap<>();
    // a monitor per container picked from a fixed set: nothing kept per container (issue #12: a lock per id
    // made anew after its container was gone stayed for good)
    private final Object[] locks = Stream.generate(Object::new).limit(64).toArray();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "berth-log-shipper");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param containers each container as the read model has it (null when unknown): its log config and the
     *                   attributes json-file writes, for a shipper resumed after a restart or draining
     */
    public LogShippers(Path dataRoot, Function<String, ContainerInfo> containers) {
        this(dataRoot, containers, HolePunch.linux());
    }

    LogShippers(Path dataRoot, Function<String, ContainerInfo> containers, HolePunch punch) {
        this.containersDir = dataRoot.resolve("containers");
        this.containers = containers;
        this.punch = punch;
        worker.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * The file inspect shows as {@code LogPath}: json-file's only, and once the container has started (its
     * first start makes it), as dockerd shows it.
     */
    public static String logPath(Path dataRoot, String id, LogConfig config) {
        String file = logFile(dataRoot, id, config);
        return !file.isEmpty() && Files.exists(Path.of(file)) ? file : "";
    }

    /** Where the json-file driver writes (once the container has run), whether it exists or not; "" for other drivers. */
    public static String logFile(Path dataRoot, String id, LogConfig config) {
        if (config.type() != LogConfig.Driver.JSON_FILE) {
            return "";
        }
        return LogShipper.driverFile(dataRoot.resolve("containers").resolve(id), id, config).toString();
    }

    /** The container is about to run: its output is shipped from now on, with this run's attributes. */
    public void starting(ContainerInfo info) {
        String id = info.id();
        synchronized (lock(id)) {
            if (running.containsKey(id)) {
                return;
            }
            LogShipper shipper;
            try {
                shipper = open(id, info);
            } catch (IOException e) {
                throw EngineException.internal("cannot open the log of " + id + ": " + e.getMessage(), e);
            }
            try {
                connect(shipper, info, true);
            } catch (IOException e) {
                closeQuietly(shipper);
                // dockerd's words when the driver cannot dial as the container starts
                throw EngineException.internal("failed to initialize logging driver: " + e.getMessage(), e);
            }
            running.put(id, shipper);
        }
    }

    /** A driver that sends elsewhere (syslog) gets its writer; {@code now}: connected here, else at its first entry. */
    private static void connect(LogShipper shipper, ContainerInfo info, boolean now) throws IOException {
        if (info == null) {
            return;
        }
        LogConfig config = info.hostConfig().logConfig();
        if (!config.sends()) {
            return;
        }
        // dockerd's default template for drivers that send: the short id
        String tag = LogTag.parse(config.config().getOrDefault("tag", "{{.ID}}"))
                .render(LogAttributes.tagValues(info, ""));
        shipper.sendTo(switch (config.type()) {
            case SYSLOG -> new SyslogWriter(config, tag, LogAttributes.hostname(), now);
            case GELF -> new GelfWriter(info, config, tag, LogAttributes.hostname(), now);
            case JOURNALD -> new JournaldWriter(info, config, tag, JournaldWriter.SOCKET, now);
            default -> new FluentdWriter(info, config, tag, now);
        });
    }

    private static void closeQuietly(LogShipper shipper) {
        try {
            shipper.close();
        } catch (IOException e) {
            // nothing was shipped through it
        }
    }

    /** Resumed after a daemon restart with its journaled config. */
    public void resumed(String id) {
        synchronized (lock(id)) {
            if (running.containsKey(id)) {
                return;
            }
            try {
                running.put(id, openSending(id, containers.apply(id)));
            } catch (IOException e) {
                throw EngineException.internal("cannot open the log of " + id + ": " + e.getMessage(), e);
            }
        }
    }

    /** A shipper for the container ({@code info} null when the read model no longer has it: the default driver). */
    private LogShipper open(String id, ContainerInfo info) throws IOException {
        LogConfig config = info == null ? LogConfig.DEFAULT : info.hostConfig().logConfig();
        Path dir = containersDir.resolve(id);
        SortedMap<String, String> attrs = info == null ? new TreeMap<>()
                : LogAttributes.of(info, config, String.valueOf(LogShipper.driverFile(dir, id, config)));
        return LogShipper.open(dir, id, config, punch, attrs);
    }

    /** As {@link #open(String, ContainerInfo)}, for entries a start left unshipped: a syslog writer connects lazily. */
    private LogShipper openSending(String id, ContainerInfo info) throws IOException {
        LogShipper s = open(id, info);
        connect(s, info, false);
        return s;
    }

    /** The run ended: everything it wrote is shipped before this returns, then the shipper goes. */
    public void drain(String id) {
        synchronized (lock(id)) {
            LogShipper s = running.remove(id);
            if (s == null && !Files.isDirectory(containersDir.resolve(id))) {
                return; // removed before its exit was drained (run --rm): nothing to ship, no directory to make again
            }
            try {
                if (s == null) {
                    s = openSending(id, containers.apply(id));
                }
                try (LogShipper shipper = s) {
                    shipper.ship();
                }
            } catch (IOException e) {
                LOG.warn("log of {} not fully shipped: {}", id, e.toString());
            }
        }
    }

    /** The container is removed: its shipper stops (its files go with its directory). */
    public void forget(String id) {
        synchronized (lock(id)) {
            LogShipper s = running.remove(id);
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    LOG.debug("closing the log of {}: {}", id, e.toString());
                }
            }
        }
    }

    /**
     * Opens the log for {@code docker logs}: the driver's files, caught up first; with {@code follow}, the
     * entries written after them too (while the container runs).
     *
     * @throws EngineException NOT_IMPLEMENTED for {@code none}, with dockerd's words
     */
    public Reading read(String id, LogConfig config, boolean follow) {
        return read(id, config, follow, false);
    }

    /** As {@link #read(String, LogConfig, boolean)}; {@code withAttrs}: for {@code docker logs --details}. */
    public Reading read(String id, LogConfig config, boolean follow, boolean withAttrs) {
        if (!config.readable()) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED,
                    "configured logging driver does not support reading");
        }
        synchronized (lock(id)) {
            try {
                LogShipper s = running.get(id);
                if (s != null) {
                    return s.read(follow, withAttrs);
                }
                ContainerInfo info = containers.apply(id);
                try (LogShipper once = info != null ? openSending(id, info)
                        : LogShipper.open(containersDir.resolve(id), id, config, punch)) {
                    return once.read(false, withAttrs);
                }
            } catch (IOException e) {
                throw EngineException.unavailable("cannot open the log of " + id + ": " + e.getMessage(), e);
            }
        }
    }

    private void tick() {
        for (String id : running.keySet()) {
            synchronized (lock(id)) {
                LogShipper s = running.get(id);
                try {
                    if (s != null && s.behind()) {
                        s.ship();
                    }
                    if (s != null) {
                        s.retryRemote();
                    }
                } catch (IOException | RuntimeException ex) {
                    LOG.warn("shipping the log of {}: {}", id, ex.toString());
                }
            }
        }
    }

    /** Runs {@code task} on the shipping thread (an exit's drain, then telling the entity). */
    public void execute(Runnable task) {
        worker.execute(task);
    }

    /** How many containers the shippers keep anything for: those with a shipper (running, or exited and not yet drained). */
    int tracked() {
        return running.size();
    }

    private Object lock(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    @Override
    public void close() {
        worker.shutdownNow();
        for (String id : running.keySet()) {
            forget(id);
        }
    }
}
