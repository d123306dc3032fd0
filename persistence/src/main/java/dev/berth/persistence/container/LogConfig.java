package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.spi.EngineException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Docker's {@code HostConfig.LogConfig}: where the container's output is kept, checked with dockerd's
 * words when the container is made ({@link LogOpts}). Absent in journals written before log drivers
 * (read as {@link #DEFAULT}: {@code json-file} without options, what those containers were given).
 *
 * @param type   the driver
 * @param config the driver's options as the user gave them ({@code max-size}, {@code max-file}, {@code compress})
 */
public record LogConfig(Driver type, Map<String, String> config) {

    /** dockerd's default driver, without options. */
    public static final LogConfig DEFAULT = new LogConfig(Driver.JSON_FILE, Map.of());

    /** The drivers Berth has, by Docker's names. */
    public enum Driver {
        JSON_FILE("json-file"), LOCAL("local"), NONE("none"), SYSLOG("syslog"), GELF("gelf"), FLUENTD("fluentd"),
        JOURNALD("journald");

        private final String word;

        Driver(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }

        @JsonCreator
        public static Driver of(String word) {
            for (Driver d : values()) {
                if (d.word.equals(word)) {
                    return d;
                }
            }
            if (DOCKERD_DRIVERS.contains(word)) {
                throw EngineException.invalid("log driver " + word + " is not supported by Berth yet");
            }
            throw EngineException.invalid("logger: no log driver named '" + word + "' is registered");
        }
    }

    /** Drivers dockerd ships that Berth has not: refused by name, not as unknown. */
    private static final Set<String> DOCKERD_DRIVERS = Set.of("awslogs",
            "splunk", "etwlogs", "gcplogs", "logentries");

    public LogConfig {
        type = type == null ? Driver.JSON_FILE : type;
        config = config == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(config));
        LogOpts.check(type, config);
    }

    /**
     * The config a create asks for, dockerd's way: no type is the daemon's default; the daemon's options
     * fill in what the user did not set when the driver is the daemon's.
     */
    public static LogConfig of(String type, Map<String, String> config, LogConfig daemonDefault) {
        Driver driver = type == null || type.isEmpty() ? daemonDefault.type() : Driver.of(type);
        Map<String, String> merged = new TreeMap<>(config == null ? Map.of() : config);
        if (driver == daemonDefault.type()) {
            daemonDefault.config().forEach(merged::putIfAbsent);
        }
        return new LogConfig(driver, merged).checkedAtCreate();
    }

    /** Bytes a file may reach before it is rotated; -1 never. For syslog: its cache's. */
    public long maxSize() {
        return sends() ? LogOpts.maxSize(Driver.LOCAL, LogOpts.cacheConfig(config))
                : LogOpts.maxSize(type, config);
    }

    /** How many files are kept, the one written included. For syslog: its cache's. */
    public int maxFile() {
        return sends() ? LogOpts.maxFile(Driver.LOCAL, LogOpts.cacheConfig(config))
                : LogOpts.maxFile(type, config);
    }

    /** Whether rotated files are gzipped. For syslog: its cache's. */
    public boolean compress() {
        return sends() ? LogOpts.compress(Driver.LOCAL, LogOpts.cacheConfig(config))
                : LogOpts.compress(type, config);
    }

    /** Whether the driver sends entries elsewhere (syslog, gelf), keeping a local copy for docker logs. */
    public boolean sends() {
        return type == Driver.SYSLOG || type == Driver.GELF || type == Driver.FLUENTD || type == Driver.JOURNALD;
    }

    /**
     * Whether {@code docker logs} can read it: json-file and local always; a driver that sends elsewhere
     * (syslog) through the local copy dockerd calls its cache, unless {@code cache-disabled}.
     */
    public boolean readable() {
        return switch (type) {
            case JSON_FILE, LOCAL -> true;
            case NONE -> false;
            case SYSLOG, GELF, FLUENTD -> LogOpts.cached(config);
            // dockerd reads the journal; Berth reads the copy it keeps of what it sent there
            case JOURNALD -> true;
        };
    }

    /**
     * Checks what only the create can (a unix syslog socket must exist, as dockerd's parseAddress stats it):
     * not on replay, where the socket may have gone since.
     */
    public LogConfig checkedAtCreate() {
        if (type == Driver.SYSLOG) {
            var address = LogOpts.syslogAddress(config.get("syslog-address"));
            if ((address.scheme().equals("unix") || address.scheme().equals("unixgram"))
                    && !java.nio.file.Files.exists(java.nio.file.Path.of(address.target()))) {
                throw EngineException.invalid("stat " + address.target() + ": no such file or directory");
            }
        }
        return this;
    }
}
