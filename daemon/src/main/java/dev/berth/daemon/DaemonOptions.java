package dev.berth.daemon;

import dev.berth.actors.network.Ipv4;
import dev.berth.actors.network.NetworkDefaults;
import dev.berth.actors.network.SubnetPools;
import dev.berth.api.ApiConfig;
import dev.berth.api.MetricsServer;
import dev.berth.api.ServerTls;
import dev.berth.persistence.HistoryRetention;
import dev.berth.daemon.sinks.SinkConfig;
import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.Ulimit;
import dev.berth.registry.ImagePull;
import dev.berth.registry.ImagePush;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.Ipv6Cidr;
import dev.berth.spi.network.NetworkSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The daemon's settings after flags and daemon.json are merged ({@link DaemonConfig}) and defaults
 * applied: what {@link Daemon} starts from.
 *
 * @param hosts                  dockerd {@code -H} values
 * @param runtime                the runtime containers run under unless they name one ({@code default-runtime})
 * @param runtimes               the OCI runtimes beside runc ({@code runtimes}, {@code --add-runtime}), checked
 * @param pluginDir              jars with more drivers
 * @param bridge                 the default bridge's device
 * @param bip                    the default bridge's address, null = the first free pool
 * @param pools                  {@code default-address-pools}, empty = dockerd's defaults
 * @param hostGatewayIps         {@code host-gateway-ips}, checked; empty = the default bridge's gateway
 * @param maxConcurrentDownloads layers pulled at once
 * @param maxConcurrentUploads   layers pushed at once
 * @param driverOptions          settings the drivers read ({@code cgroup-parent}, {@code init}, {@code binfmt-misc-dir})
 * @param logConfig              {@code log-driver} and {@code log-opts}: the log config of creates that name no driver
 * @param socketGroup            the group unix sockets are given ({@code -G}); {@link SocketGroup} makes it exist
 * @param tls                    TLS for the TCP hosts ({@code --tls}, {@code --tlsverify}); null: plain, loopback only
 * @param authorizationPlugins   {@code --authorization-plugin} names, in the order requests are put to them
 * @param metricsAddr            {@code --metrics-addr} ({@code HOST:PORT}, checked); null: no metrics listener
 * @param historyRetention       daemon.json {@code history-retention}, checked; null: the journal keeps every event
 * @param eventSinks             daemon.json {@code event-sinks}, checked (a sink's own options: by its provider)
 */
public record DaemonOptions(List<String> hosts, Path dataRoot, Path execRoot, Path pidfile, String logLevel,
                            String runtime, Path pluginDir, String bridge, String bip, List<SubnetPools.Pool> pools,
                            List<String> hostGatewayIps,
                            List<String> registryMirrors, List<String> insecureRegistries,
                            int maxConcurrentDownloads, int maxConcurrentUploads, Map<String, String> driverOptions,
                            LogConfig logConfig, String socketGroup, ServerTls tls,
                            List<String> authorizationPlugins, Map<String, Runtimes.Binary> runtimes,
                            String metricsAddr, HistoryRetention historyRetention,
                            List<SinkConfig> eventSinks, NetworkDefaults networkDefaults, long defaultShmSize,
                            List<String> labels, String defaultIpcMode, String defaultCgroupnsMode) {
    public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";
    /** Where jars were looked for by default before the default moved under the data root. */
    static final Path FORMER_PLUGIN_DIR = Path.of("/usr/lib/berth/plugins");

    /** The default {@code --plugin-dir}: under the data root, so each daemon has its own. */
    static Path defaultPluginDir(Path dataRoot) {
        return dataRoot.resolve("plugins");
    }

    /** dockerd's level names; {@code Logging} maps them. */
    private static final Set<String> LOG_LEVELS = Set.of("panic", "fatal", "error", "warn", "info", "debug", "trace");

    public DaemonOptions {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(dataRoot, "dataRoot");
        Objects.requireNonNull(execRoot, "execRoot");
        Objects.requireNonNull(pidfile, "pidfile");
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new IllegalArgumentException("invalid logging level: " + logLevel);
        }
        pools = List.copyOf(pools);
        hostGatewayIps = List.copyOf(hostGatewayIps);
        registryMirrors = List.copyOf(registryMirrors);
        insecureRegistries = List.copyOf(insecureRegistries);
        if (maxConcurrentDownloads < 0) {
            throw new IllegalArgumentException("invalid max concurrent downloads: " + maxConcurrentDownloads);
        }
        if (maxConcurrentUploads < 0) {
            throw new IllegalArgumentException("invalid max concurrent uploads: " + maxConcurrentUploads);
        }
        driverOptions = Map.copyOf(driverOptions);
        Objects.requireNonNull(logConfig, "logConfig");
        if (socketGroup == null || socketGroup.isBlank()) {
            throw new IllegalArgumentException("the socket group must not be empty");
        }
        authorizationPlugins = List.copyOf(authorizationPlugins);
        runtimes = Map.copyOf(runtimes);
        eventSinks = List.copyOf(eventSinks);
        networkDefaults = networkDefaults == null ? NetworkDefaults.NONE : networkDefaults;
        labels = labels == null ? List.of() : List.copyOf(labels);
        if (authorizationPlugins.stream().distinct().count() != authorizationPlugins.size()) {
            throw new IllegalArgumentException("authorization plugin named twice: " + authorizationPlugins);
        }
        if (metricsAddr != null) {
            MetricsServer.parse(metricsAddr);
        }
        // the API's own checks (a plain TCP host off loopback is refused) before anything starts
        new ApiConfig(hosts, socketGroup, ApiConfig.DEFAULT_MAX_BODY, null, tls);
    }

    /** Defaults where the configuration is silent; {@code debug} means log level debug, as with dockerd. */
    /** A CPU real-time setting for the runtime driver: 0 and absent leave the kernel's. */
    private static void putMicroseconds(Map<String, String> driverOptions, String key, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException("invalid " + key + " " + value + ": value must be a positive integer");
        }
        if (value != null && value != 0) {
            driverOptions.put(key, Long.toString(value));
        }
    }

    static DaemonOptions from(DaemonConfig c) {
        Path exec = path(c.execRoot(), "/run/berth");
        Map<String, String> driverOptions = new LinkedHashMap<>();
        if (c.cgroupParent() != null) {
            driverOptions.put("cgroup-parent", c.cgroupParent());
        }
        if (Boolean.TRUE.equals(c.init())) {
            driverOptions.put("init", "true");
        }
        if (Boolean.TRUE.equals(c.noNewPrivileges())) {
            driverOptions.put("no-new-privileges", "true");
        }
        if (c.initPath() != null && !c.initPath().isEmpty()) {
            driverOptions.put("init-path", c.initPath());
        }
        putMicroseconds(driverOptions, "cpu-rt-period", c.cpuRtPeriod());
        putMicroseconds(driverOptions, "cpu-rt-runtime", c.cpuRtRuntime());
        String seccomp = seccompProfile(c.seccompProfile());
        if (!seccomp.equals(BUILTIN_SECCOMP)) {
            driverOptions.put("seccomp-profile", seccomp);
        }
        if (c.defaultUlimits() != null && !c.defaultUlimits().isEmpty()) {
            driverOptions.put("default-ulimits", defaultUlimits(c.defaultUlimits()));
        }
        if (c.binfmtMiscDir() != null) {
            driverOptions.put("binfmt-misc-dir", c.binfmtMiscDir());
        }
        if (c.dockerPluginDirs() != null && !c.dockerPluginDirs().isEmpty()) {
            driverOptions.put("docker-plugin-dirs", String.join(":", c.dockerPluginDirs()));
        }
        if (c.dockerPluginTimeout() != null) {
            if (c.dockerPluginTimeout() <= 0) {
                throw new IllegalArgumentException("docker-plugin-timeout must be a positive number of seconds");
            }
            driverOptions.put("docker-plugin-timeout", c.dockerPluginTimeout().toString());
        }
        List<SubnetPools.Pool> pools = c.defaultAddressPools() == null ? List.of()
                : c.defaultAddressPools().stream().map(DaemonOptions::pool).toList();
        return new DaemonOptions(
                c.hosts() == null || c.hosts().isEmpty() ? List.of(DEFAULT_HOST) : c.hosts(),
                path(c.dataRoot(), "/var/lib/berth"),
                exec,
                c.pidfile() == null ? exec.resolve("berthd.pid") : path(c.pidfile(), null),
                Boolean.TRUE.equals(c.debug()) ? "debug" : orDefault(c.logLevel(), "info").toLowerCase(),
                orDefault(c.defaultRuntime(), "runc"),
                c.pluginDir() == null ? defaultPluginDir(path(c.dataRoot(), "/var/lib/berth"))
                        : path(c.pluginDir(), null),
                bridge(c.bridge()),
                c.bip() == null || c.bip().isEmpty() ? null : c.bip(),
                pools,
                HostGatewayIps.parse(c.hostGatewayIps()),
                c.registryMirrors() == null ? List.of() : c.registryMirrors(),
                c.insecureRegistries() == null ? List.of() : c.insecureRegistries(),
                positiveOr(c.maxConcurrentDownloads(), ImagePull.DEFAULT_CONCURRENT_DOWNLOADS),
                positiveOr(c.maxConcurrentUploads(), ImagePush.DEFAULT_CONCURRENT_UPLOADS),
                driverOptions,
                logConfig(c.logDriver(), c.logOpts()),
                orDefault(c.group(), SocketGroup.DEFAULT),
                tls(c, System.getenv("DOCKER_CERT_PATH")),
                c.authorizationPlugins() == null ? List.of() : c.authorizationPlugins(),
                Runtimes.check(c.runtimes(), orDefault(c.defaultRuntime(), Runtimes.RUNC)),
                c.metricsAddr() == null || c.metricsAddr().isEmpty() ? null : c.metricsAddr(),
                c.historyRetention() == null ? null : HistoryRetention.parse(c.historyRetention()),
                SinkConfig.parse(c.eventSinks()),
                networkDefaults(c),
                c.defaultShmSize() == null || c.defaultShmSize().isEmpty() ? 0 : ramInBytes(c.defaultShmSize()),
                labels(c.labels()), defaultIpcMode(c.defaultIpcMode()), defaultCgroupnsMode(c.defaultCgroupnsMode()));
    }

    /**
     * The engine's labels as dockerd checks them: KEY=VALUE, not in Docker's reserved namespaces, one value
     * per key (a repeated pair is kept once).
     */
    static List<String> labels(List<String> given) {
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String label : given == null ? List.<String>of() : given) {
            int eq = label.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("bad attribute format: " + label);
            }
            String lowered = label.toLowerCase(java.util.Locale.ROOT);
            if (lowered.startsWith("com.docker.") || lowered.startsWith("io.docker.")
                    || lowered.startsWith("org.dockerproject.")) {
                throw new IllegalArgumentException("label " + label + " is not allowed: the namespaces com.docker.*, "
                        + "io.docker.*, and org.dockerproject.* are reserved for internal use");
            }
            String key = label.substring(0, eq);
            String value = label.substring(eq + 1);
            String before = byKey.putIfAbsent(key, value);
            if (before != null && !before.equals(value)) {
                throw new IllegalArgumentException("conflict labels for " + key + "=" + value + " and " + key + "="
                        + before);
            }
        }
        return byKey.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static final java.util.regex.Pattern RAM = java.util.regex.Pattern.compile(
            "(\\d+(?:\\.\\d+)?) ?([kmgtp])?(i?b)?", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** go-units' RAMInBytes, as dockerd reads default-shm-size: "64m", "1.5g", "2GiB", "1048576"; binary multiples. */
    static long ramInBytes(String text) {
        var m = RAM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid size: '" + text + "'");
        }
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(java.util.Locale.ROOT)) + 1;
        long bytes = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(1024).pow(power))
                .longValue();
        if (bytes <= 0) {
            throw new IllegalArgumentException("default-shm-size must be greater than 0: " + text);
        }
        return bytes;
    }

    /**
     * {@code dns}, {@code dns-search}, {@code dns-opts} for containers that give none; {@code ip}, {@code mtu}
     * {@code ip-masq} and {@code icc} for the default bridge, as its driver options (checked as dockerd checks them).
     */
    static NetworkDefaults networkDefaults(DaemonConfig c) {
        for (String server : c.dns() == null ? List.<String>of() : c.dns()) {
            if (!Ipv4.isAddress(server)) {
                throw new IllegalArgumentException(server.contains(":")
                        ? "dns " + server + ": IPv6 is not supported by Berth yet"
                        : "invalid IP address: " + server);
            }
        }
        boolean ipv6 = Boolean.TRUE.equals(c.ipv6());
        Map<String, String> bridge = new LinkedHashMap<>();
        if (c.ip() != null && !c.ip().isEmpty()) {
            boolean six = c.ip().contains(":");
            if (six ? !Ipv6Cidr.isAddress(c.ip()) : !Ipv4.isAddress(c.ip())) {
                throw new IllegalArgumentException("invalid IP address: " + c.ip());
            }
            if (six && !ipv6) {
                throw new IllegalArgumentException("ip " + c.ip() + ": an IPv6 address needs ipv6 (--ipv6): without it "
                        + "the default bridge has no IPv6");
            }
            bridge.put(NetworkSpec.HOST_BINDING_OPTION, c.ip());
        }
        if (c.mtu() != null) {
            if (c.mtu() < 68 || c.mtu() > 65535) {
                throw new IllegalArgumentException("invalid MTU " + c.mtu() + ": must be between 68 and 65535");
            }
            bridge.put(NetworkSpec.MTU_OPTION, c.mtu().toString());
        }
        if (c.ipMasq() != null) {
            bridge.put(NetworkSpec.MASQUERADE_OPTION, c.ipMasq().toString());
        }
        if (c.icc() != null) {
            bridge.put(NetworkSpec.ICC_OPTION, c.icc().toString());
        }
        if (ipv6 && Boolean.FALSE.equals(c.icc())) {
            throw new IllegalArgumentException("icc=false with ipv6 is not supported by Berth yet (bridged IPv6 "
                    + "would need br_netfilter's ip6tables rules)");
        }
        return new NetworkDefaults(c.dns(), c.dnsSearch(), c.dnsOpts(), bridge, networkOpts(c.defaultNetworkOpts()),
                bridgeIpv6(ipv6, c.fixedCidrV6()));
    }

    /**
     * {@code ipv6} and {@code fixed-cidr-v6} as the default bridge's IPv6: null (none), "" (a /64 of the daemon's
     * ULA prefix) or the subnet, which must be one (no host bits) and leave room for the gateway.
     */
    static String bridgeIpv6(boolean ipv6, String fixedCidrV6) {
        boolean fixed = fixedCidrV6 != null && !fixedCidrV6.isEmpty();
        if (!ipv6) {
            if (fixed) {
                throw new IllegalArgumentException("fixed-cidr-v6 " + fixedCidrV6 + " is set, but ipv6 is not: the "
                        + "default bridge has IPv6 only with ipv6 (--ipv6)");
            }
            return null;
        }
        if (!fixed) {
            return "";
        }
        Ipv6Cidr cidr;
        try {
            cidr = Ipv6Cidr.parse(fixedCidrV6);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid fixed-cidr-v6 " + fixedCidrV6 + ": " + e.getMessage());
        }
        if (fixedCidrV6.indexOf('/') < 0 || cidr.prefix() > 126) {
            throw new IllegalArgumentException("invalid fixed-cidr-v6 " + fixedCidrV6
                    + ": a subnet with a prefix length of at most 126");
        }
        if (!cidr.network().equals(cidr)) {
            throw new IllegalArgumentException("invalid fixed-cidr-v6 " + fixedCidrV6 + ": it should be " + cidr.network());
        }
        return cidr.toString();
    }

    /** {@code default-ipc-mode}: null when unset; dockerd's checks and words. */
    static String defaultIpcMode(String mode) {
        if (mode == null || mode.isEmpty()) {
            return null;
        }
        String hint = "; use \"shareable\" or \"private\"";
        if (!mode.equals("private") && !mode.equals("shareable")) {
            boolean valid = mode.equals("host") || mode.equals("none") || mode.startsWith("container:");
            throw new IllegalArgumentException(valid ? "IPC mode \"" + mode + "\" is not supported as default value" + hint
                    : "default IPC mode setting (" + mode + ") is invalid" + hint);
        }
        return mode;
    }

    /** {@code default-cgroupns-mode}: null when unset; host or private, dockerd's words otherwise. */
    static String defaultCgroupnsMode(String mode) {
        if (mode == null || mode.isEmpty()) {
            return null;
        }
        if (!mode.equals("host") && !mode.equals("private")) {
            throw new IllegalArgumentException("invalid default cgroup namespace (" + mode + "): use \"host\" or \"private\"");
        }
        return mode;
    }

    static final String BUILTIN_SECCOMP = "builtin";

    /**
     * {@code seccomp-profile}: "" or builtin (Docker's default), unconfined, or a profile file read and checked
     * now, as dockerd reads it at start-up (its words when it cannot).
     */
    static String seccompProfile(String profile) {
        if (profile == null || profile.isEmpty() || profile.equals(BUILTIN_SECCOMP)) {
            return BUILTIN_SECCOMP;
        }
        if (profile.equals("unconfined")) {
            return profile;
        }
        try {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.nio.file.Files.readString(Path.of(profile)));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("opening seccomp profile (" + profile + ") failed: "
                    + (e instanceof java.nio.file.NoSuchFileException ? "open " + profile + ": no such file or directory"
                    : e.getMessage()));
        }
        return Path.of(profile).toAbsolutePath().toString();
    }

    /** The bridge options Berth's bridge driver acts on: the only ones default-network-opts may give it. */
    private static final Set<String> BRIDGE_OPTIONS = Set.of(NetworkSpec.BRIDGE_NAME_OPTION, NetworkSpec.MASQUERADE_OPTION,
            NetworkSpec.MTU_OPTION, NetworkSpec.ICC_OPTION, NetworkSpec.HOST_BINDING_OPTION, NetworkSpec.IFACE_PREFIX_OPTION);

    /**
     * {@code default-network-opts}: for the bridge driver, options it acts on only (any other is refused by name, as a
     * network create refuses it); another driver's are given to it as a create's would be.
     */
    static Map<String, Map<String, String>> networkOpts(Map<String, Map<String, String>> opts) {
        if (opts == null) {
            return Map.of();
        }
        for (String key : opts.getOrDefault("bridge", Map.of()).keySet()) {
            if (!BRIDGE_OPTIONS.contains(key)) {
                throw new IllegalArgumentException("default-network-opts: bridge option " + key
                        + " is not supported by Berth yet");
            }
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        opts.forEach((driver, o) -> out.put(driver, o == null ? Map.of() : Map.copyOf(o)));
        return out;
    }


    /**
     * dockerd's TLS settings: on with {@code tls} or {@code tlsverify}; each file defaults to
     * {@code ca.pem}, {@code cert.pem}, {@code key.pem} in {@code $DOCKER_CERT_PATH}, else {@code ~/.docker}.
     */
    static ServerTls tls(DaemonConfig c, String certPath) {
        boolean verify = Boolean.TRUE.equals(c.tlsVerify());
        if (!verify && !Boolean.TRUE.equals(c.tls())) {
            return null;
        }
        Path dir = certPath == null || certPath.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".docker") : Path.of(certPath);
        return new ServerTls(tlsFile(c.tlsCaCert(), dir, "ca.pem"), tlsFile(c.tlsCert(), dir, "cert.pem"),
                tlsFile(c.tlsKey(), dir, "key.pem"), verify);
    }

    private static Path tlsFile(String value, Path dir, String name) {
        return value == null || value.isEmpty() ? dir.resolve(name) : Path.of(value).toAbsolutePath();
    }

    /** dockerd refuses to start with a default log config it would refuse at create, in the same words. */
    private static LogConfig logConfig(String driver, Map<String, String> opts) {
        try {
            return LogConfig.of(driver, opts, LogConfig.DEFAULT);
        } catch (EngineException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Path path(String value, String fallback) {
        return Path.of(value == null || value.isEmpty() ? fallback : value).toAbsolutePath();
    }

    /**
     * The default bridge's device. dockerd's {@code --bridge none} means no default bridge network at all
     * (containers left on it get loopback only); Berth has none of that, so it is refused rather than
     * taken as a device named "none".
     */
    static String bridge(String value) {
        if ("none".equals(value)) {
            throw new IllegalArgumentException("--bridge none (no default bridge network) is not supported by Berth: "
                    + "give the default bridge a device name of its own, and run containers that need no network "
                    + "with --network none");
        }
        return orDefault(value, "berth0");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** dockerd reads 0 as "the default"; a negative count is refused by the constructor. */
    private static int positiveOr(Integer value, int fallback) {
        return value == null || value == 0 ? fallback : value;
    }

    /**
     * daemon.json {@code default-ulimits} as the runc driver's option: {@code name=soft:hard,…}, each
     * checked with go-units' words (dockerd refuses a bad one when it starts).
     */
    static String defaultUlimits(Map<String, DaemonConfig.DefaultUlimit> ulimits) {
        List<String> out = new ArrayList<>();
        for (var e : new TreeMap<>(ulimits).entrySet()) {
            var u = e.getValue();
            String name = u.name() == null || u.name().isEmpty() ? e.getKey() : u.name();
            try {
                new Ulimit(name, u.soft(), u.hard());
            } catch (EngineException x) {
                throw new IllegalArgumentException(x.getMessage(), x);
            }
            out.add(name + "=" + u.soft() + ":" + u.hard());
        }
        return String.join(",", out);
    }

    /** A default address pool checked now, so a daemon never starts with one it cannot cut subnets from. */
    private static SubnetPools.Pool pool(DaemonConfig.AddressPool p) {
        Ipv4.Cidr base;
        try {
            base = Ipv4.Cidr.parse(p.base());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid default address pool: base \"" + p.base()
                    + "\" is not an IPv4 CIDR block");
        }
        if (p.size() < base.prefix() || p.size() > 32) {
            throw new IllegalArgumentException("invalid default address pool " + p.base() + ": size " + p.size()
                    + " must be between its prefix length (" + base.prefix() + ") and 32");
        }
        return new SubnetPools.Pool(p.base(), p.size());
    }
}
