package dev.berth.daemon;

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

    @Option(names = "--host-gateway-ip", description = "Address(es) the special 'host-gateway' in --add-host "
            + "stands for (default: the default bridge's gateway)")
    List<String> hostGatewayIps = new ArrayList<>();

    @Option(names = "--default-runtime", description = "Default OCI runtime for containers (default runc)")
    String runtime;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
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

    DaemonOptions options() {
        boolean explicit = configFile != null;
        Path file = explicit ? configFile : Path.of("/etc/berth/daemon.json");
        Map<String, Object> fromFile = HostGatewayIps.migrate(DaemonConfigFile.read(file, explicit));
        Map<String, Object> flags = new LinkedHashMap<>();
        if (!hosts.isEmpty()) {
            flags.put("hosts", hosts);
        }
        if (dataRoot != null) {
            flags.put("data-root", dataRoot.toString());
        }
        if (execRoot != null) {
            flags.put("exec-root", execRoot.toString());
        }
        if (pidfile != null) {
            flags.put("pidfile", pidfile.toString());
        }
        if (logLevel != null) {
            flags.put("log-level", logLevel);
        }
        if (runtime != null) {
            flags.put("default-runtime", runtime);
        }
        if (bridge != null) {
            flags.put("bridge", bridge);
        }
        if (bip != null) {
            flags.put("bip", bip);
        }
        if (!hostGatewayIps.isEmpty()) {
            flags.put(HostGatewayIps.KEY, hostGatewayIps);
        }
        DaemonConfigFile.checkConflicts(fromFile, flags);
        Map<String, Object> merged = new LinkedHashMap<>(fromFile);
        merged.putAll(flags);
        List<String> gatewayIps = HostGatewayIps.parse(merged.remove(HostGatewayIps.KEY));
        if (!gatewayIps.isEmpty()) {
            merged.put(HostGatewayIps.KEY, gatewayIps);
        }
        List<String> h = DaemonConfigFile.strings(merged.remove("hosts"));
        Path data = Path.of(String.valueOf(merged.getOrDefault("data-root", "/var/lib/berth"))).toAbsolutePath();
        Path exec = Path.of(String.valueOf(merged.getOrDefault("exec-root", "/run/berth"))).toAbsolutePath();
        Object pid = merged.get("pidfile");
        String level = debug || Boolean.TRUE.equals(merged.get("debug"))
                ? "debug" : String.valueOf(merged.getOrDefault("log-level", "info"));
        String rt = String.valueOf(merged.getOrDefault("default-runtime", "runc"));
        for (String k : List.of("data-root", "exec-root", "pidfile", "log-level", "debug", "default-runtime")) {
            merged.remove(k);
        }
        return new DaemonOptions(h.isEmpty() ? List.of(DaemonOptions.DEFAULT_HOST) : h, data, exec,
                pid == null ? exec.resolve("berthd.pid") : Path.of(pid.toString()).toAbsolutePath(), level, rt, merged);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Berth version " + BuildInfo.VERSION + ", API 1.50"};
        }
    }
}
