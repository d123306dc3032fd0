package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log drivers' options, checked and read as dockerd's {@code json-file} and {@code local} drivers
 * do (moby {@code daemon/logger/jsonfilelog}, {@code daemon/logger/local}), with their words.
 */
public final class LogOpts {
    private LogOpts() {}

    // the syslog driver's own options (dockerd's ValidateLogOpt: its attributes keys are accepted, and its
    // driver writes only the tag of them)
    private static final Set<String> SYSLOG = Set.of("env", "env-regex", "labels", "labels-regex", "tag",
            "syslog-address", "syslog-facility", "syslog-format", "syslog-tls-ca-cert", "syslog-tls-cert",
            "syslog-tls-key", "syslog-tls-skip-verify");
    // dual logging: a local copy of what a driver that cannot be read sends, for docker logs (dockerd's cache)
    private static final Set<String> CACHE = Set.of("cache-disabled", "cache-max-size", "cache-max-file",
            "cache-compress");
    static final java.util.List<String> FACILITIES = java.util.List.of("kern", "user", "mail", "daemon", "auth",
            "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp");

    private static final Set<String> ROTATION = Set.of("max-size", "max-file", "compress");
    // json-file's attributes of each entry (dockerd's logger.Info.ExtraAttributes and the tag)
    static final Set<String> ATTRIBUTES = Set.of("labels", "labels-regex", "env", "env-regex", "tag");
    // dockerd's options of every driver: how the container's writes wait for the driver
    private static final Set<String> MODES = Set.of("mode", "max-buffer-size");
    private static final Pattern RAM_SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");
    private static final long LOCAL_MAX_SIZE = 20L * 1024 * 1024;
    private static final int LOCAL_MAX_FILE = 5;
    // go-units' FromHumanSize: a decimal number, an optional decimal unit (k = 1000), optional b/B
    private static final Pattern HUMAN_SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    static void check(LogConfig.Driver type, Map<String, String> config) {
        if (type == LogConfig.Driver.NONE) {
            return; // dockerd checks nothing for none
        }
        // dockerd's order: the mode, its buffer, then the driver's own options
        String mode = config.getOrDefault("mode", "");
        if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw EngineException.invalid("logger: logging mode not supported: " + mode);
        }
        if (config.containsKey("max-buffer-size")) {
            if (!mode.equals("non-blocking")) {
                throw EngineException.invalid("logger: max-buffer-size option is only supported with 'mode=non-blocking'");
            }
            String size = config.get("max-buffer-size");
            if (!RAM_SIZE.matcher(size).matches()) {
                throw EngineException.invalid("error parsing option max-buffer-size: invalid size: '" + size + "'");
            }
        }
        if (type == LogConfig.Driver.SYSLOG) {
            checkSyslog(config);
            return;
        }
        if (type == LogConfig.Driver.GELF) {
            checkGelf(config);
            return;
        }
        if (type == LogConfig.Driver.FLUENTD) {
            checkFluentd(config);
            return;
        }
        if (type == LogConfig.Driver.JOURNALD) {
            checkJournald(config);
            return;
        }
        for (String key : config.keySet()) {
            if (MODES.contains(key) || type == LogConfig.Driver.JSON_FILE && ATTRIBUTES.contains(key)) {
                continue;
            }
            if (!ROTATION.contains(key)) {
                throw EngineException.invalid(type == LogConfig.Driver.JSON_FILE
                        ? "unknown log opt '" + key + "' for json-file log driver"
                        : "unknown log opt '" + key + "' for log driver local");
            }
        }
        if (type == LogConfig.Driver.JSON_FILE) {
            for (String key : new String[] {"labels-regex", "env-regex"}) {
                checkRegex(config, key);
            }
            if (config.containsKey("tag")) {
                LogTag.parse(config.get("tag"));
            }
            long size = maxSize(type, config);
            int files = maxFile(type, config);
            if (compress(type, config) && (files == 1 || size == -1)) {
                throw EngineException.invalid(
                        "compress cannot be true when max-file is less than 2 or max-size is not set");
            }
        } else {
            maxSize(type, config);
            if (maxFile(type, config) < 0) {
                throw EngineException.invalid("max-file must not be negative");
            }
            if (compress(type, config) && maxFile(type, config) <= 1) {
                throw EngineException.invalid("compression cannot be enabled when max file count is 1");
            }
        }
    }

    /**
     * What every driver that sends elsewhere checks first, as dockerd: the cache's switch, then that each key is the
     * driver's own, a mode or the cache's ({@code own} null: the driver checks its keys itself).
     */
    private static void checkSending(Map<String, String> config, Set<String> own, String driver) {
        String cacheDisabled = config.get("cache-disabled");
        if (cacheDisabled != null && parseBool(cacheDisabled) == null) {
            throw EngineException.invalid("invalid value for option cache-disabled: " + cacheDisabled);
        }
        for (String key : own == null ? Set.<String>of() : config.keySet()) {
            if (!own.contains(key) && !MODES.contains(key) && !CACHE.contains(key)) {
                throw EngineException.invalid("unknown log opt '" + key + "' for " + driver + " log driver");
            }
        }
    }

    /**
     * dockerd's journald options: the attributes (tag, labels, env). Its dual-logging cache options are refused by
     * name: dockerd reads the journal and keeps no cache for journald, where {@code docker logs} on Berth reads the
     * local copy it keeps of what it sent, always.
     */
    private static void checkJournald(Map<String, String> config) {
        for (String key : config.keySet()) {
            if (CACHE.contains(key)) {
                throw EngineException.invalid("log opt '" + key + "' is not supported by Berth's journald driver "
                        + "(docker logs reads the copy Berth keeps of what it sends)");
            }
            if (!ATTRIBUTES.contains(key) && !MODES.contains(key)) {
                throw EngineException.invalid("unknown log opt '" + key + "' for journald log driver");
            }
        }
        for (String key : new String[] {"labels-regex", "env-regex"}) {
            checkRegex(config, key);
        }
        if (config.containsKey("tag")) {
            LogTag.parse(config.get("tag"));
        }
    }

    private static void checkSyslog(Map<String, String> config) {
        checkSending(config, SYSLOG, "syslog");
        syslogAddress(config.get("syslog-address"));
        syslogFacility(config.get("syslog-facility"));
        String format = config.getOrDefault("syslog-format", "");
        if (!Set.of("", "rfc3164", "rfc5424", "rfc5424micro").contains(format)) {
            throw EngineException.invalid("Invalid syslog format");
        }
        if (config.containsKey("tag")) {
            LogTag.parse(config.get("tag"));
        }
        // the cache is a local driver's files: its options are checked as the local driver's
        cacheConfig(config);
    }

    private static void checkGelf(Map<String, String> config) {
        checkSending(config, null, "gelf");
        GelfAddress address = gelfAddress(config.get("gelf-address"));
        for (var e : new java.util.TreeMap<>(config).entrySet()) {
            String key = e.getKey();
            String val = e.getValue();
            if (MODES.contains(key) || CACHE.contains(key)) {
                continue;
            }
            switch (key) {
                case "gelf-address", "tag", "labels", "labels-regex", "env", "env-regex" -> { }
                case "gelf-compression-level" -> {
                    if (!address.scheme().equals("udp")) {
                        throw EngineException.invalid("compression is only supported on UDP");
                    }
                    Integer level = atoi(val);
                    if (level == null || level < -1 || level > 9) {
                        throw EngineException.invalid("unknown value \"" + val + "\" for log opt \"" + key
                                + "\" for gelf log driver");
                    }
                }
                case "gelf-compression-type" -> {
                    if (!address.scheme().equals("udp")) {
                        throw EngineException.invalid("compression is only supported on UDP");
                    }
                    if (!Set.of("gzip", "zlib", "none").contains(val)) {
                        throw EngineException.invalid("unknown value \"" + val + "\" for log opt \"" + key
                                + "\" for gelf log driver");
                    }
                }
                case "gelf-tcp-max-reconnect", "gelf-tcp-reconnect-delay" -> {
                    if (!address.scheme().equals("tcp")) {
                        throw EngineException.invalid("\"" + key + "\" is only valid for TCP");
                    }
                    Integer n = atoi(val);
                    if (n == null || n < 0) {
                        throw EngineException.invalid("\"" + key + "\" must be a positive integer");
                    }
                }
                default -> throw EngineException.invalid("unknown log opt \"" + key + "\" for gelf log driver");
            }
        }
        for (String key : new String[] {"labels-regex", "env-regex"}) {
            checkRegex(config, key);
        }
        if (config.containsKey("tag")) {
            LogTag.parse(config.get("tag"));
        }
        cacheConfig(config);
    }

    private static final Set<String> FLUENTD = Set.of("env", "env-regex", "labels", "labels-regex", "tag",
            "fluentd-address", "fluentd-async", "fluentd-async-reconnect-interval", "fluentd-buffer-limit",
            "fluentd-max-retries", "fluentd-request-ack", "fluentd-retry-wait", "fluentd-sub-second-precision",
            "fluentd-write-timeout");

    private static void checkFluentd(Map<String, String> config) {
        checkSending(config, FLUENTD, "fluentd");
        fluentd(config);
        for (String key : new String[] {"labels-regex", "env-regex"}) {
            checkRegex(config, key);
        }
        if (config.containsKey("tag")) {
            LogTag.parse(config.get("tag"));
        }
        cacheConfig(config);
    }

    /** The fluentd driver's settings, as dockerd's parseConfig reads them (its defaults, its words). */
    public record Fluentd(String protocol, String host, int port, String path, long bufferLimit, long retryWaitMs,
                          long maxRetries, boolean async, long asyncReconnectMs, boolean subSecond,
                          boolean requestAck, long writeTimeoutMs) {}

    public static Fluentd fluentd(Map<String, String> cfg) {
        String address = cfg.getOrDefault("fluentd-address", "");
        String protocol = "tcp";
        String host = "127.0.0.1";
        int port = 24224;
        String path = "";
        if (!address.isEmpty()) {
            String withScheme = address.contains("://") ? address : "tcp://" + address;
            java.net.URI uri;
            try {
                uri = new java.net.URI(withScheme);
            } catch (java.net.URISyntaxException e) {
                throw EngineException.invalid("invalid fluentd-address (" + address + "): " + e.getReason());
            }
            protocol = uri.getScheme();
            switch (protocol) {
                case "unix" -> {
                    path = uri.getPath() == null ? "" : uri.getPath();
                    if (path.replaceAll("^/+", "").isEmpty()) {
                        throw EngineException.invalid("invalid fluentd-address (" + address + "): path is empty");
                    }
                }
                case "tcp" -> {
                    if (uri.getPath() != null && !uri.getPath().isEmpty()) {
                        throw EngineException.invalid("invalid fluentd-address (" + address
                                + "): should not contain a path element");
                    }
                    if (uri.getHost() != null && !uri.getHost().isEmpty()) {
                        host = uri.getHost();
                    }
                    if (uri.getPort() >= 0) {
                        port = uri.getPort();
                    }
                }
                case "tls" -> throw EngineException.invalid("fluentd-address " + address
                        + ": tls is not supported by Berth yet");
                default -> throw EngineException.invalid("invalid fluentd-address (" + address
                        + "): unsupported scheme: '" + protocol + "'");
            }
        }
        long bufferLimit = 1024 * 1024;
        if (!cfg.getOrDefault("fluentd-buffer-limit", "").isEmpty()) {
            String v = cfg.get("fluentd-buffer-limit");
            if (!RAM_SIZE.matcher(v).matches()) {
                throw EngineException.invalid("invalid size: '" + v + "'");
            }
            bufferLimit = ramInBytes(v);
        }
        long retryWait = 1000;
        if (!cfg.getOrDefault("fluentd-retry-wait", "").isEmpty()) {
            retryWait = goDurationNanos(cfg.get("fluentd-retry-wait"), "") / 1_000_000;
        }
        long maxRetries = Integer.MAX_VALUE;
        if (!cfg.getOrDefault("fluentd-max-retries", "").isEmpty()) {
            String v = cfg.get("fluentd-max-retries");
            if (!v.matches("\\d{1,19}")) {
                throw EngineException.invalid("strconv.ParseUint: parsing \"" + v + "\": invalid syntax");
            }
            maxRetries = Long.parseLong(v);
        }
        boolean async = bool(cfg, "fluentd-async");
        long asyncReconnect = 0;
        if (!cfg.getOrDefault("fluentd-async-reconnect-interval", "").isEmpty()) {
            long nanos = goDurationNanos(cfg.get("fluentd-async-reconnect-interval"),
                    "invalid value for fluentd-async-reconnect-interval: ");
            if (nanos != 0 && (nanos < 100_000_000L || nanos > 10_000_000_000L)) {
                throw EngineException.invalid("invalid value for fluentd-async-reconnect-interval: value (\""
                        + cfg.get("fluentd-async-reconnect-interval") + "\") must be between 100ms and 10s");
            }
            asyncReconnect = nanos / 1_000_000;
        }
        boolean subSecond = bool(cfg, "fluentd-sub-second-precision");
        boolean requestAck = bool(cfg, "fluentd-request-ack");
        long writeTimeout = 0;
        if (!cfg.getOrDefault("fluentd-write-timeout", "").isEmpty()) {
            long nanos = goDurationNanos(cfg.get("fluentd-write-timeout"),
                    "invalid value for fluentd-write-timeout: value must be a duration: ");
            if (nanos < 0) {
                throw EngineException.invalid("invalid value for fluentd-write-timeout: value must be a duration "
                        + "that is non-negative");
            }
            writeTimeout = nanos / 1_000_000;
        }
        return new Fluentd(protocol, host, port, path, bufferLimit, retryWait, maxRetries, async, asyncReconnect,
                subSecond, requestAck, writeTimeout);
    }

    private static boolean bool(Map<String, String> cfg, String key) {
        String v = cfg.getOrDefault(key, "");
        if (v.isEmpty()) {
            return false;
        }
        Boolean b = parseBool(v);
        if (b == null) {
            throw EngineException.invalid("strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
        }
        return b;
    }

    /** go-units' RAMInBytes: binary multiples (k = 1024). */
    private static long ramInBytes(String v) {
        Matcher m = RAM_SIZE.matcher(v);
        m.matches();
        BigDecimal n = new BigDecimal(m.group(1));
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        return n.multiply(BigDecimal.valueOf(1024).pow(power)).longValue();
    }

    /** Go's time.ParseDuration, in nanoseconds; {@code prefix} before Go's message when it fails. */
    private static long goDurationNanos(String text, String prefix) {
        try {
            return dev.berth.persistence.GoDuration.nanos(text);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(prefix + e.getMessage());
        }
    }

    /** {@code gelf-address}: {@code udp://HOST:PORT} or {@code tcp://HOST:PORT}, both required. */
    public record GelfAddress(String scheme, String host, int port) {}

    /** An address option as a URI; Go's url.Parse words when it is none. */
    private static java.net.URI uri(String address) {
        try {
            return new java.net.URI(address);
        } catch (java.net.URISyntaxException e) {
            throw EngineException.invalid("parse \"" + address + "\": " + e.getReason());
        }
    }

    public static GelfAddress gelfAddress(String address) {
        if (address == null || address.isEmpty()) {
            throw EngineException.invalid("gelf-address is a required parameter");
        }
        java.net.URI uri = uri(address);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        if (!scheme.equals("udp") && !scheme.equals("tcp")) {
            throw EngineException.invalid("gelf: endpoint needs to be TCP or UDP");
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw EngineException.invalid("gelf: please provide gelf-address as proto://host:port");
        }
        String host = uri.getHost();
        return new GelfAddress(scheme, host.startsWith("[") ? host.substring(1, host.length() - 1) : host, uri.getPort());
    }

    private static Integer atoi(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void checkRegex(Map<String, String> config, String key) {
        String re = config.getOrDefault(key, "");
        if (!re.isEmpty()) {
            try {
                Pattern.compile(re);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw EngineException.invalid("error parsing regexp in log opt '" + key + "': "
                        + e.getDescription() + ": `" + re + "`");
            }
        }
    }

    /** The local driver's options the {@code cache-} ones of a syslog config give. */
    static Map<String, String> cacheConfig(Map<String, String> config) {
        Map<String, String> local = new java.util.TreeMap<>();
        for (String key : new String[] {"max-size", "max-file", "compress"}) {
            if (config.containsKey("cache-" + key)) {
                local.put(key, config.get("cache-" + key));
            }
        }
        maxSize(LogConfig.Driver.LOCAL, local);
        int files = maxFile(LogConfig.Driver.LOCAL, local);
        if (files < 0) {
            throw EngineException.invalid("max-file must not be negative");
        }
        if (compress(LogConfig.Driver.LOCAL, local) && files <= 1) {
            throw EngineException.invalid("compression cannot be enabled when max file count is 1");
        }
        return local;
    }

    /** Whether a syslog config keeps dockerd's local copy (the cache) that {@code docker logs} reads. */
    static boolean cached(Map<String, String> config) {
        String v = config.get("cache-disabled");
        return v == null || !Boolean.TRUE.equals(parseBool(v));
    }

    /** {@code syslog-address} as dockerd's parseAddress reads it: scheme, and host:port or socket path. */
    public record SyslogAddress(String scheme, String target) {}

    /** "" = the local syslog socket. */
    public static SyslogAddress syslogAddress(String address) {
        if (address == null || address.isEmpty()) {
            return new SyslogAddress("", "");
        }
        java.net.URI uri = uri(address);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        switch (scheme) {
            case "unix", "unixgram" -> {
                return new SyslogAddress(scheme, uri.getPath() == null ? "" : uri.getPath());
            }
            case "udp", "tcp", "tcp+tls" -> {
                String host = uri.getHost();
                if (host == null || host.isEmpty()) {
                    throw EngineException.invalid("parse \"" + address + "\": no host");
                }
                int port = uri.getPort() < 0 ? 514 : uri.getPort();
                return new SyslogAddress(scheme, (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
                        + ":" + port);
            }
            default -> throw EngineException.invalid("unsupported scheme: '" + scheme + "'");
        }
    }

    /** {@code syslog-facility}: a name or 0-23, as the priority's facility bits; daemon by default. */
    public static int syslogFacility(String facility) {
        if (facility == null || facility.isEmpty()) {
            return 3 << 3;
        }
        int named = FACILITIES.indexOf(facility);
        if (named >= 0) {
            return named << 3;
        }
        if (facility.matches("local[0-7]")) {
            return (16 + facility.charAt(5) - '0') << 3;
        }
        if (facility.matches("[+-]?\\d{1,9}")) {
            int n = Integer.parseInt(facility);
            if (n >= 0 && n <= 23) {
                return n << 3;
            }
        }
        throw EngineException.invalid("invalid syslog facility");
    }

    private static Boolean parseBool(String v) {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> Boolean.TRUE;
            case "0", "f", "F", "false", "FALSE", "False" -> Boolean.FALSE;
            default -> null;
        };
    }

    static long maxSize(LogConfig.Driver type, Map<String, String> config) {
        String v = config.get("max-size");
        if (type == LogConfig.Driver.LOCAL) {
            if (v == null) {
                return LOCAL_MAX_SIZE;
            }
            long size;
            try {
                size = fromHumanSize(v);
            } catch (EngineException e) {
                throw EngineException.invalid("invalid value for max-size: " + v + ": " + e.getMessage());
            }
            if (size < 0) {
                throw EngineException.invalid("max-size must not be negative");
            }
            return size == 0 ? -1 : size;
        }
        if (type != LogConfig.Driver.JSON_FILE || v == null) {
            return -1;
        }
        long size = fromHumanSize(v);
        if (size <= 0) {
            throw EngineException.invalid("max-size must be a positive number");
        }
        return size;
    }

    static int maxFile(LogConfig.Driver type, Map<String, String> config) {
        String v = config.get("max-file");
        if (type == LogConfig.Driver.NONE) {
            return 1;
        }
        if (v == null) {
            return type == LogConfig.Driver.LOCAL ? LOCAL_MAX_FILE : 1;
        }
        int files;
        try {
            files = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            String atoi = "strconv.Atoi: parsing \"" + v + "\": invalid syntax";
            throw EngineException.invalid(type == LogConfig.Driver.LOCAL ? "invalid value for max-file: " + v + ": " + atoi : atoi);
        }
        if (type == LogConfig.Driver.JSON_FILE && files < 1) {
            throw EngineException.invalid("max-file cannot be less than 1");
        }
        return type == LogConfig.Driver.LOCAL && files == 0 ? 1 : files;
    }

    static boolean compress(LogConfig.Driver type, Map<String, String> config) {
        String v = config.get("compress");
        if (v == null) {
            return type == LogConfig.Driver.LOCAL;
        }
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> {
                String parse = "strconv.ParseBool: parsing \"" + v + "\": invalid syntax";
                throw EngineException.invalid(type == LogConfig.Driver.LOCAL
                        ? "invalid boolean value for compress: " + parse : parse);
            }
        };
    }

    /** go-units' FromHumanSize: "10k" is 10000 bytes, "1.5m" 1500000. */
    static long fromHumanSize(String text) {
        Matcher m = HUMAN_SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw EngineException.invalid("invalid size: '" + text + "'");
        }
        BigDecimal n = new BigDecimal(m.group(1));
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        return n.multiply(BigDecimal.valueOf(1000).pow(power)).longValue();
    }
}
