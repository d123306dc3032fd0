package dev.berth.daemon;

import dev.berth.image.Sha256;
import dev.berth.persistence.HistoryExport;
import dev.berth.persistence.JournalConfig;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berthd}: the daemon, with dockerd's flags. Runs in the foreground until SIGTERM/SIGINT. */
@Command(name = "berthd", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A container engine that speaks the Docker Engine API.")
public final class Main implements Callable<Integer> {

    @Option(names = {"-H", "--host"}, description = "Daemon socket(s) to listen on (unix:///path, tcp://ip:port)")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--data-root", description = "Root directory of persistent state (default /var/lib/berth)")
    Path dataRoot;

    @Option(names = "--exec-root", description = "Root directory for execution state files (default /run/berth)")
    Path execRoot;

    @Option(names = {"-p", "--pidfile"}, description = "Path to use for the daemon PID file (default <exec-root>/berthd.pid)")
    Path pidfile;

    @Option(names = {"-l", "--log-level"}, description = "Set the logging level (debug, info, warn, error, fatal)")
    String logLevel;

    @Option(names = {"-D", "--debug"}, description = "Enable debug mode")
    boolean debug;

    @Option(names = "--config-file", description = "Daemon configuration file (default /etc/berth/daemon.json)")
    Path configFile;

    @Option(names = {"-b", "--bridge"}, description = "Attach containers to a network bridge (default berth0)")
    String bridge;

    @Option(names = "--bip", description = "Specify the default bridge's IP address and prefix, e.g. 172.30.0.1/16")
    String bip;

    @Option(names = "--ipv6", arity = "0..1", description = "Enable IPv6 on the default bridge (default false)")
    Boolean ipv6;

    @Option(names = "--fixed-cidr-v6", description = "The default bridge's IPv6 subnet (default: a /64 of the daemon's "
            + "ULA prefix)")
    String fixedCidrV6;

    @Option(names = "--ip", description = "Default IP when binding container ports on the default bridge (default 0.0.0.0)")
    String ip;

    @Option(names = "--mtu", description = "Set the default bridge's MTU (default 1500)")
    Integer mtu;

    @Option(names = "--ip-masq", arity = "0..1", description = "Enable IP masquerading on the default bridge (default true)")
    Boolean ipMasq;

    @Option(names = "--seccomp-profile", description = "Seccomp profile of containers that name none: builtin, unconfined or a file")
    String seccompProfile;

    @Option(names = "--default-ipc-mode", description = "IPC mode of containers created without one: private or shareable")
    String defaultIpcMode;

    @Option(names = "--default-cgroupns-mode", description = "Cgroup namespace mode of containers created without one: host or private")
    String defaultCgroupnsMode;

    @Option(names = "--no-new-privileges", arity = "0..1", description = "Containers run with no-new-privileges unless they opt out")
    Boolean noNewPrivileges;

    @Option(names = "--cpu-rt-period", description = "Limit the CPU real-time period in microseconds for the parent "
            + "cgroup of all containers")
    Long cpuRtPeriod;

    @Option(names = "--cpu-rt-runtime", description = "Limit the CPU real-time runtime in microseconds for the parent "
            + "cgroup of all containers")
    Long cpuRtRuntime;

    @Option(names = "--init-path", description = "The init --init runs (default /usr/bin/tini-static)")
    String initPath;

    @Option(names = "--icc", arity = "0..1", description = "Enable inter-container communication on the default bridge (default true)")
    Boolean icc;

    @Option(names = "--label", description = "Set key=value labels on the daemon (repeatable)")
    List<String> labels = new ArrayList<>();

    @Option(names = "--default-shm-size", description = "Default /dev/shm size of containers (default 64MiB)")
    String defaultShmSize;

    @Option(names = "--dns", description = "DNS server for containers that give none (repeatable)")
    List<String> dns = new ArrayList<>();

    @Option(names = "--dns-search", description = "DNS search domain for containers that give none (repeatable)")
    List<String> dnsSearch = new ArrayList<>();

    @Option(names = "--dns-opt", description = "DNS option for containers that give none (repeatable)")
    List<String> dnsOpts = new ArrayList<>();

    @Option(names = "--default-address-pool", paramLabel = "base=CIDR,size=BITS",
            description = "Default address pool for new networks' subnets (repeatable; default 172.17-31.0.0/16, "
                    + "then 192.168.0.0/16 in /20s)")
    List<String> addressPools = new ArrayList<>();

    @Option(names = "--host-gateway-ip", description = "Address(es) the special 'host-gateway' in --add-host "
            + "stands for (default: the default bridge's gateway)")
    List<String> hostGatewayIps = new ArrayList<>();

    @Option(names = "--default-runtime", description = "Default OCI runtime for containers (default runc)")
    String runtime;

    @Option(names = "--add-runtime", description = "Register an additional OCI runtime, NAME=PATH (repeatable)")
    List<String> addRuntimes = new ArrayList<>();

    @Option(names = "--log-driver", description = "Default driver for container logs (default json-file)")
    String logDriver;

    @Option(names = "--log-opt", description = "Default log driver options for containers")
    List<String> logOpts = new ArrayList<>();

    @Option(names = "--default-network-opt", paramLabel = "DRIVER=KEY=VALUE",
            description = "Default driver option of networks created without it (repeatable)")
    List<String> defaultNetworkOpts = new ArrayList<>();

    @Option(names = {"-G", "--group"}, description = "Group for the unix socket, created if missing (default berth)")
    String group;

    @Option(names = "--tls", arity = "0..1", description = "Use TLS; implied by --tlsverify")
    Boolean tls;

    @Option(names = "--tlsverify", arity = "0..1", description = "Use TLS and verify the remote")
    Boolean tlsVerify;

    @Option(names = "--tlscacert", description = "Trust certs signed only by this CA (default ~/.docker/ca.pem)")
    Path tlsCaCert;

    @Option(names = "--tlscert", description = "Path to TLS certificate file (default ~/.docker/cert.pem)")
    Path tlsCert;

    @Option(names = "--tlskey", description = "Path to TLS key file (default ~/.docker/key.pem)")
    Path tlsKey;

    @Option(names = "--authorization-plugin", description = "Authorization plugin to put every request to (repeatable, in order)")
    List<String> authorizationPlugins = new ArrayList<>();

    @Option(names = "--metrics-addr", description = "Set default address and port to serve the metrics api on")
    String metricsAddr;

    @Option(names = "--plugin-dir", description = "Directory of driver jars found by ServiceLoader (default <data-root>/plugins)")
    Path pluginDir;

    @Option(names = "--export-history", paramLabel = "DATA_ROOT", description = "Berth: print the history of a stopped "
            + "daemon's journal under DATA_ROOT as JSON lines (what GET /berth/history/export sends), then exit")
    Path exportHistory;

    /** Read once, when the JDK's process class first loads: set before anything spawns. */
    private static final String LAUNCH_MECHANISM = "jdk.lang.Process.launchMechanism";

    public static void main(String[] args) {
        // Every container start and clean-up spawns conmon and runc. The JDK's default, POSIX_SPAWN,
        // execs its jspawnhelper first and the program from there (two execs); VFORK execs the program
        // from the vforked child at once: ~1.5 ms less CPU and one exec less to wait for per spawn
        // (measured on 17 and 25). A -D on the command line still wins.
        if (System.getProperty(LAUNCH_MECHANISM) == null) {
            System.setProperty(LAUNCH_MECHANISM, "VFORK");
        }
        CommandLine cl = commandLine();
        System.exit(cl.execute(DockerdFlags.strip(args, flagNames(cl))));
    }

    /** berthd's command line: a dockerd flag it lacks is named as such ({@link DockerdFlags}), not "Unknown option". */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        CommandLine.IParameterExceptionHandler picocli = cl.getParameterExceptionHandler();
        cl.setParameterExceptionHandler((ex, args) -> {
            if (ex instanceof CommandLine.UnmatchedArgumentException u) {
                for (String arg : u.getUnmatched()) {
                    String refusal = DockerdFlags.refusal(arg);
                    if (refusal != null) {
                        ex.getCommandLine().getErr().println("berthd: " + refusal);
                        return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
                    }
                }
            }
            return picocli.handleParseException(ex, args);
        });
        return cl;
    }

    /** Every name of every berthd option ({@code --bip}, {@code -H}, …). */
    static java.util.Set<String> flagNames(CommandLine cl) {
        java.util.Set<String> names = new java.util.HashSet<>();
        cl.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }

    @Override
    public Integer call() throws Exception {
        if (exportHistory != null) {
            return exportHistory(exportHistory);
        }
        DaemonOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            System.err.println("berthd: " + e.getMessage());
            return 1;
        }
        Logging.configure(options.logLevel());
        Daemon daemon = new Daemon(options);
        try {
            daemon.start();
        } catch (Exception e) {
            System.err.println("berthd: failed to start daemon: " + e.getMessage());
            org.slf4j.LoggerFactory.getLogger(Main.class).debug("start-up failure", e);
            daemon.stop();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::stop, "berthd-shutdown"));
        daemon.awaitTermination();
        return 0;
    }

    /** For {@code berth system history --verify FILE --data-root DIR}: the journal opened read-only, nothing started. */
    private static int exportHistory(Path dataRoot) {
        if (!Files.exists(JournalConfig.databaseFile(dataRoot).resolveSibling("berth.mv.db"))) {
            System.err.println("berthd: no journal under " + dataRoot);
            return 1;
        }
        var out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        try {
            Sha256 sha = Sha256.create();
            HistoryExport.exportReadOnly(dataRoot, new HistoryExport.Hasher(sha::update, sha::finish), line -> {
                try {
                    out.write(line);
                    out.write('\n');
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("berthd: cannot export the history under " + dataRoot + ": " + e.getMessage());
            return 1;
        }
    }

    DaemonOptions options() {
        boolean explicit = configFile != null;
        Path file = explicit ? configFile : Path.of("/etc/berth/daemon.json");
        DaemonConfig fromFile = DaemonConfig.read(file, explicit);
        // the flags given, under daemon.json's names: a key in both is refused by the merge
        Map<String, Object> flags = new LinkedHashMap<>();
        if (!hosts.isEmpty()) {
            flags.put("hosts", hosts);
        }
        if (debug) {
            flags.put("debug", true);
        }
        putIfSet(flags, "data-root", dataRoot);
        putIfSet(flags, "exec-root", execRoot);
        putIfSet(flags, "pidfile", pidfile);
        putIfSet(flags, "log-level", logLevel);
        putIfSet(flags, "default-runtime", runtime);
        putIfSet(flags, "bridge", bridge);
        putIfSet(flags, "bip", bip);
        putIfSet(flags, "ip", ip);
        if (ipv6 != null) {
            flags.put("ipv6", ipv6);
        }
        putIfSet(flags, "fixed-cidr-v6", fixedCidrV6);
        putIfSet(flags, "default-shm-size", defaultShmSize);
        if (!labels.isEmpty()) {
            flags.put("labels", labels);
        }
        if (mtu != null) {
            flags.put("mtu", mtu);
        }
        if (icc != null) {
            flags.put("icc", icc);
        }
        putIfSet(flags, "seccomp-profile", seccompProfile);
        putIfSet(flags, "init-path", initPath);
        if (cpuRtPeriod != null) {
            flags.put("cpu-rt-period", cpuRtPeriod);
        }
        if (cpuRtRuntime != null) {
            flags.put("cpu-rt-runtime", cpuRtRuntime);
        }
        if (noNewPrivileges != null) {
            flags.put("no-new-privileges", noNewPrivileges);
        }
        putIfSet(flags, "default-ipc-mode", defaultIpcMode);
        putIfSet(flags, "default-cgroupns-mode", defaultCgroupnsMode);
        if (ipMasq != null) {
            flags.put("ip-masq", ipMasq);
        }
        if (!dns.isEmpty()) {
            flags.put("dns", dns);
        }
        if (!dnsSearch.isEmpty()) {
            flags.put("dns-search", dnsSearch);
        }
        if (!dnsOpts.isEmpty()) {
            flags.put("dns-opts", dnsOpts);
        }
        putIfSet(flags, "plugin-dir", pluginDir);
        putIfSet(flags, "metrics-addr", metricsAddr);
        putIfSet(flags, "group", group);
        if (tls != null) {
            flags.put("tls", tls);
        }
        if (tlsVerify != null) {
            flags.put("tlsverify", tlsVerify);
        }
        putIfSet(flags, "tlscacert", tlsCaCert);
        putIfSet(flags, "tlscert", tlsCert);
        putIfSet(flags, "tlskey", tlsKey);
        if (!authorizationPlugins.isEmpty()) {
            flags.put("authorization-plugins", authorizationPlugins);
        }
        if (!hostGatewayIps.isEmpty()) {
            flags.put(HostGatewayIps.KEY, hostGatewayIps);
        }
        if (!addressPools.isEmpty()) {
            List<Map<String, Object>> pools = new ArrayList<>();
            for (String pool : addressPools) {
                pools.add(addressPool(pool));
            }
            flags.put("default-address-pools", pools);
        }
        if (!addRuntimes.isEmpty()) {
            flags.put("runtimes", Runtimes.fromFlags(addRuntimes));
        }
        putIfSet(flags, "log-driver", logDriver);
        if (!logOpts.isEmpty()) {
            Map<String, String> opts = new LinkedHashMap<>();
            for (String kv : logOpts) {
                int eq = kv.indexOf('=');
                opts.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
            }
            flags.put("log-opts", opts);
        }
        if (!defaultNetworkOpts.isEmpty()) {
            Map<String, Map<String, String>> byDriver = new LinkedHashMap<>();
            for (String dkv : defaultNetworkOpts) {
                // dockerd's mapmap syntax: driver=key=value
                String[] parts = dkv.split("=", 3);
                if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw new IllegalArgumentException("invalid argument \"" + dkv + "\" for \"--default-network-opt\" "
                            + "flag: invalid key value map \"" + dkv + "\"");
                }
                byDriver.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts[1], parts[2]);
            }
            flags.put("default-network-opts", byDriver);
        }
        return DaemonOptions.from(DaemonConfig.merge(fromFile, DaemonConfig.fromFlags(flags)));
    }

    /** One {@code --default-address-pool} as dockerd reads it: comma-separated {@code base=} and {@code size=}. */
    static Map<String, Object> addressPool(String value) {
        Map<String, Object> pool = new LinkedHashMap<>();
        for (String field : value.split(",", -1)) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw poolArgument(value, "invalid field '" + field + "' must be a key=value pair");
            }
            String key = field.substring(0, eq).toLowerCase(java.util.Locale.ROOT);
            String v = field.substring(eq + 1);
            switch (key) {
                case "base" -> pool.put("base", v);
                case "size" -> {
                    try {
                        pool.put("size", Integer.parseInt(v));
                    } catch (NumberFormatException e) {
                        throw poolArgument(value, "invalid size value: \"" + v + "\" (must be integer)");
                    }
                }
                default -> throw poolArgument(value, "unexpected key '" + key + "' in '" + field + "'");
            }
        }
        return pool;
    }

    private static IllegalArgumentException poolArgument(String value, String why) {
        return new IllegalArgumentException("invalid argument \"" + value + "\" for \"--default-address-pool\" flag: " + why);
    }

    private static void putIfSet(Map<String, Object> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Berth version " + BuildInfo.VERSION + ", API 1.50"};
        }
    }
}
