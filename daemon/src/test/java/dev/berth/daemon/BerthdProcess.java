package dev.berth.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Test harness: a berthd started as a separate JVM on private roots, driven with the real
 * {@code docker} CLI: this build's daemon, or another checkout's ({@link #startFrom}) whose roots
 * this build can then take over ({@link #restartWithThisBuild}). {@link #close()} removes everything
 * the daemon made: containers (through the CLI), the daemon process, leftover mounts, runc
 * containers and conmon processes, and the temp dirs.
 */
final class BerthdProcess implements AutoCloseable {

    /** The outcome of one {@code docker} invocation. */
    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k");
    /**
     * {@code -Dberth.it.berthd=bin/berthd} (a path): this build's daemons run through that script, with its
     * runtime discovery (JDK 25+ or {@code BERTHD_JAVA}), options and class-data cache, instead of this
     * JVM's {@code java} with {@link #JVM_OPTIONS}.
     */
    private static final String THIS_BUILD_BERTHD = System.getProperty("berth.it.berthd");
    private static Path busyboxTar;
    private static final AtomicInteger BRIDGE_SLOTS = new AtomicInteger();

    private final Path tmp;
    private final Path dataRoot;
    private final Path execRoot;
    private final Path socket;
    private final Path dockerConfig;
    private final AtomicInteger counter = new AtomicInteger();
    /** This daemon's default bridge's /24 in the fork's block, kept across restarts (see forkAddresses). */
    private final int bridgeSlot = BRIDGE_SLOTS.getAndIncrement();
    private Process process;
    private boolean closed;
    private String daemonJson;
    /** A checkout whose {@code bin/berthd} runs the daemon; null: this JVM's own build. */
    private Path home;
    private String bridge;
    /** A loopback TCP port the daemon also listens on ({@code -H tcp://127.0.0.1:PORT}); 0: unix socket only. */
    private int tcpPort;
    /** One more {@code -H} the daemon listens on (a client's fixed DOCKER_HOST); null: none. */
    private String extraHost;

    private BerthdProcess() throws IOException {
        tmp = Files.createTempDirectory("berth-it-");
        dataRoot = tmp.resolve("data");
        // Short: conmon's attach socket path must fit sun_path (108 bytes).
        execRoot = Path.of("/tmp/bt-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(execRoot);
        socket = tmp.resolve("berth.sock");
        dockerConfig = Files.createDirectories(tmp.resolve("docker-config"));
        Files.writeString(dockerConfig.resolve("config.json"), "{}");
    }

    /**
     * Fails the calling test unless it runs as root with docker, runc and conmon on the PATH. Never
     * skips: an integration test that quietly does not run is a green build that proves nothing.
     */
    static void requireEnvironment() {
        assertTrue(isRoot(), "integration tests need root");
        for (String tool : List.of("docker", "runc", "conmon")) {
            assertTrue(onPath(tool).isPresent(), tool + " is not on the PATH (scripts/install-deps installs it)");
        }
    }

    /** Starts a daemon on fresh roots and waits until it answers {@code /_ping}. */
    static BerthdProcess start() throws IOException {
        return start(null);
    }

    /** As {@link #start()}, with this daemon.json ({@code --config-file}); null for none. */
    static BerthdProcess start(String daemonJson) throws IOException {
        return start(daemonJson, null);
    }

    private static BerthdProcess start(String daemonJson, String bridge) throws IOException {
        requireEnvironment();
        BerthdProcess d = new BerthdProcess();
        d.daemonJson = daemonJson;
        d.bridge = bridge;
        try {
            d.launch();
        } catch (IOException | RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * Starts the daemon of another checkout, built there ({@code HOME/bin/berthd}), on fresh roots:
     * e.g. a previous release, to hand its data root to this build with {@link #restartWithThisBuild()}.
     */
    static BerthdProcess startFrom(Path home) throws IOException {
        requireEnvironment();
        Path berthd = home.resolve("bin").resolve("berthd");
        if (!Files.isExecutable(berthd)) {
            throw new IllegalArgumentException(berthd + " is not an executable");
        }
        BerthdProcess d = new BerthdProcess();
        d.home = home.toAbsolutePath();
        try {
            d.launch();
        } catch (IOException | RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** Starts this JVM's build of the daemon on the same roots, stopping the running one first if any. */
    void restartWithThisBuild() throws IOException {
        if (isAlive()) {
            stop();
        }
        home = null;
        launch();
    }

    /**
     * As {@link #start()}, listening also on a free loopback TCP port ({@link #tcpPort()}), for clients
     * that speak only TCP (the JDK's WebSocket client).
     */
    static BerthdProcess startWithTcp() throws IOException {
        return startWithTcp(null);
    }

    /** As {@link #startWithTcp()}, with this daemon.json (TLS settings, say); null for none. */
    static BerthdProcess startWithTcp(String daemonJson) throws IOException {
        requireEnvironment();
        BerthdProcess d = new BerthdProcess();
        d.daemonJson = daemonJson;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            d.tcpPort = probe.getLocalPort();
        }
        try {
            d.launch();
        } catch (IOException | RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * As {@link #start()}, listening also on {@code host} ({@code unix://PATH} or {@code tcp://…}): for
     * client libraries that read DOCKER_HOST from an environment fixed before the daemon's own socket
     * exists (a forked failsafe JVM).
     */
    static BerthdProcess startAlsoOn(String host) throws IOException {
        requireEnvironment();
        BerthdProcess d = new BerthdProcess();
        d.extraHost = host;
        try {
            d.launch();
        } catch (IOException | RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    int tcpPort() {
        if (tcpPort == 0) {
            throw new IllegalStateException("this daemon listens on its unix socket only");
        }
        return tcpPort;
    }

    /**
     * As {@link #start()}, on a data root that is a tmpfs of {@code mib} MiB mounted for it (and
     * unmounted by {@link #close()}), to be filled.
     */
    static BerthdProcess startOnTmpfs(int mib) throws IOException {
        requireEnvironment();
        BerthdProcess d = new BerthdProcess();
        try {
            Files.createDirectories(d.dataRoot);
            Result mount = run(Duration.ofSeconds(20), "mount", "-t", "tmpfs", "-o", "size=" + mib + "m",
                    "tmpfs", d.dataRoot.toString());
            if (mount.exitCode() != 0) {
                throw new IllegalStateException("cannot mount a tmpfs data root: " + mount);
            }
            d.launch();
        } catch (IOException | RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * As {@link #start()}, with the default bridge on {@code bridge} (another daemon's, say) instead of
     * its own; throws (with the exit code and the log's end) when the daemon does not come up.
     */
    static BerthdProcess startOnBridge(String bridge) throws IOException {
        return start(null, bridge);
    }

    Path dataRoot() {
        return dataRoot;
    }

    Path execRoot() {
        return execRoot;
    }

    Path socket() {
        return socket;
    }

    String host() {
        return "unix://" + socket;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Where this fork's daemons take subnets from. Failsafe runs two suites at a time (daemon/pom.xml);
     * two daemons picking "the first free /16" at the same instant could both take 172.17.0.0/16, so the
     * first fork keeps dockerd's default pools and every other fork has a block of its own: new
     * networks' pool ({@code --default-address-pool}, this build's) from its bottom, and each daemon's
     * default bridge ({@code --bip}, which older builds know too) a /24 of its own from its top, since a
     * suite may run two daemons at once (two bridges with one address leave the host's routes to the
     * kernel's choice). Outside failsafe's forks, or where the test's daemon.json sets its own: nothing
     * is added (a key both in the file and a flag stops dockerd).
     *
     * @param bridgeSlot which /24 from the block's top this daemon's default bridge takes
     */
    static List<String> forkAddresses(boolean thisBuild, String daemonJson, int bridgeSlot) {
        String forkNumber = System.getProperty("berth.it.fork", "1");
        if (!forkNumber.matches("\\d+")) {
            // an empty value once made every fork act as the first, all on 172.17.0.0/16 at once
            throw new IllegalStateException("berth.it.fork is \"" + forkNumber + "\", not a fork number (daemon/pom.xml)");
        }
        int fork = Integer.parseInt(forkNumber);
        if (fork <= 1) {
            return List.of();
        }
        String json = daemonJson == null ? "" : daemonJson;
        String block = "10." + (238 + fork) + ".";
        List<String> flags = new ArrayList<>();
        if (!json.contains("\"bip\"")) {
            flags.addAll(List.of("--bip", block + (255 - Math.floorMod(bridgeSlot, 128)) + ".1/24"));
        }
        if (thisBuild && !json.contains("\"default-address-pools\"")) {
            flags.addAll(List.of("--default-address-pool", "base=" + block + "0.0/16,size=24"));
        }
        return flags;
    }

    /** The default bridge's device: "bt" + the exec root's random part (15-character limit). */
    String bridgeName() {
        return "bt" + execRoot.getFileName().toString().substring(3);
    }

    long pid() {
        return process.pid();
    }

    // ---------------------------------------------------------------- lifecycle

    private void launch() throws IOException {
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        List<String> cmd = new ArrayList<>();
        List<String> classData = List.of();
        if (home == null && THIS_BUILD_BERTHD != null) {
            cmd.add(THIS_BUILD_BERTHD);
        } else if (home == null) {
            cmd.add(javaBin.resolve("java").toString());
            cmd.addAll(JVM_OPTIONS);
            String classpath = daemonClasspath();
            classData = DaemonClassData.options(daemonClasspathDir);
            cmd.addAll(classData);
            cmd.addAll(List.of("-cp", classpath, "dev.berth.daemon.Main"));
        } else {
            cmd.add(home.resolve("bin").resolve("berthd").toString());
        }
        cmd.addAll(List.of(
                "--data-root", dataRoot.toString(),
                "--exec-root", execRoot.toString(),
                "-H", host(),
                "--pidfile", tmp.resolve("berthd.pid").toString(),
                // Its own default bridge, so test daemons never fight over berth0 (or a user's berthd).
                "--bridge", bridge != null ? bridge : bridgeName()));
        cmd.addAll(forkAddresses(home == null, daemonJson, bridgeSlot));
        if (tcpPort != 0) {
            cmd.addAll(List.of("-H", "tcp://127.0.0.1:" + tcpPort));
        }
        if (extraHost != null) {
            cmd.addAll(List.of("-H", extraHost));
        }
        if (daemonJson != null) {
            Path config = tmp.resolve("daemon.json");
            Files.writeString(config, daemonJson);
            cmd.addAll(List.of("--config-file", config.toString()));
        }
        Path log = tmp.resolve("berthd.log");
        // One log for every daemon these roots saw; a header says which build each part came from.
        Files.writeString(log, "=== berthd from " + (home == null ? "this build" : home) + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (home != null) {
            // The same JVM and options as this build's daemon: bin/berthd runs BERTHD_JAVA (older ones, `java`
            // from the PATH). No class-data archive: it would be written into the other checkout at a clean exit.
            pb.environment().put("PATH", javaBin + File.pathSeparator + pb.environment().getOrDefault("PATH", ""));
            pb.environment().put("BERTHD_JAVA", javaBin.resolve("java").toString());
            pb.environment().put("BERTHD_JAVA_OPTS", String.join(" ", JVM_OPTIONS));
            pb.environment().put("BERTHD_NO_CDS", "1");
        }
        process = pb.start();
        DaemonClassData.started(process, classData);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("berthd exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (ping()) {
                return;
            }
            sleep(100);
        }
        throw new IllegalStateException("berthd did not answer /_ping within 60 s:\n" + logTail());
    }

    private static String daemonClasspath;
    /** The private directory {@link #daemonClasspath} copies into; also holds the daemons' class-data archive. */
    private static Path daemonClasspathDir;

    /**
     * This JVM's class path, with Berth's own jars and class dirs copied to a private temp dir once per
     * JVM: other builds in the same tree (mvn install) rewrite them while a daemon runs, and a jar
     * replaced under a running JVM fails its lazy class loading with NoClassDefFoundError.
     */
    static synchronized String daemonClasspath() throws IOException {
        if (daemonClasspath != null) {
            return daemonClasspath;
        }
        Path dir = Files.createTempDirectory("berth-it-cp-");
        daemonClasspathDir = dir;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (Files.isRegularFile(p) && name.startsWith("berth-") && name.endsWith(".jar")) {
                Path copy = dir.resolve((n++) + "-" + name);
                Files.copy(p, copy);
                entries.add(copy.toString());
            } else if (Files.isDirectory(p) && !name.equals("test-classes")) {
                Path copy = dir.resolve((n++) + "-" + name);
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path src : walk.toList()) {
                        Path dst = copy.resolve(p.relativize(src).toString());
                        if (Files.isDirectory(src)) {
                            Files.createDirectories(dst);
                        } else {
                            Files.copy(src, dst);
                        }
                    }
                }
                entries.add(copy.toString());
            } else if (!name.equals("test-classes")) {
                entries.add(entry);
            }
        }
        daemonClasspath = String.join(java.io.File.pathSeparator, entries);
        return daemonClasspath;
    }

    /** Everything the daemons on these roots logged so far. */
    String log() throws IOException {
        return Files.readString(tmp.resolve("berthd.log"));
    }

    /** The last lines of the daemon's output, for failure messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(tmp.resolve("berthd.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    boolean ping() {
        try {
            String response = http("GET", "/_ping", null, null, Duration.ofSeconds(2));
            return response.startsWith("HTTP/1.1 200") || response.startsWith("HTTP/1.0 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGTERM, then wait for the JVM to exit (SIGKILL after 30 s). */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        DaemonClassData.settle();
    }

    /** SIGKILL the daemon JVM; conmon and the containers keep running. */
    void kill9() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the daemon again on the same roots with this daemon.json (null: none). */
    void restartWith(String json) throws IOException {
        if (isAlive()) {
            stop();
        }
        daemonJson = json;
        launch();
    }

    /** What a second daemon started on this data root was given, and how it ended. */
    record Attempt(Result result, Path execRoot, Path socket, Path pidfile, String bridge) {}

    /**
     * Runs a daemon of this build on this data root with an exec root, socket, pidfile and default
     * bridge of its own, until it exits (killed after {@code timeout}): for starts that must fail.
     */
    Attempt runAnotherOnThisDataRoot(Duration timeout) throws IOException {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Path otherExec = Files.createDirectories(Path.of("/tmp/bt-" + suffix));
        Path otherSocket = tmp.resolve("other-" + suffix + ".sock");
        Path otherPidfile = tmp.resolve("other-" + suffix + ".pid");
        String otherBridge = "bt" + suffix;
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(JVM_OPTIONS);
        String classpath = daemonClasspath();
        cmd.addAll(DaemonClassData.useOnly());
        cmd.addAll(List.of("-cp", classpath, "dev.berth.daemon.Main", "--data-root", dataRoot.toString(),
                "--exec-root", otherExec.toString(), "-H", "unix://" + otherSocket, "--pidfile",
                otherPidfile.toString(), "--bridge", otherBridge));
        cmd.addAll(forkAddresses(true, null, bridgeSlot)); // this data root's default bridge: the same --bip
        try {
            Result result = run(timeout, cmd.toArray(String[]::new));
            return new Attempt(result, otherExec, otherSocket, otherPidfile, otherBridge);
        } finally {
            unmountUnder(otherExec);
        }
    }

    /** Starts the daemon again on the same roots (stopping it first if it still runs). */
    void restart() throws IOException {
        if (isAlive()) {
            stop();
        }
        launch();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (isAlive()) {
                removeAllContainers();
            }
        } catch (RuntimeException e) {
            System.err.println("BerthdProcess: removing containers failed: " + e);
        }
        stop();
        unmountUnder(tmp);
        unmountUnder(execRoot);
        removeNetworkState();
        // runc's state, and each other runtime's under <exec-root>/runtimes/<name> (named as its binary here)
        deleteLeftoverRuncContainers(execRoot, "runc");
        killLeftoverConmons(execRoot);
        for (Path runtimeRoot : runtimeRoots()) {
            deleteLeftoverRuncContainers(runtimeRoot, runtimeRoot.getFileName().toString());
            killLeftoverConmons(runtimeRoot);
        }
        unmountUnder(tmp);
        deleteTree(tmp);
        deleteTree(execRoot);
    }

    /**
     * The daemon leaves its bridges and iptables chains in place when it stops (they belong to the
     * journal's truth); a fresh driver on the same roots told that nothing should exist removes
     * exactly what this daemon made.
     */
    private void removeNetworkState() {
        try (var driver = new dev.berth.driver.bridge.BridgeNetworkProvider()
                .create(new dev.berth.spi.DriverContext(dataRoot, execRoot, java.util.Map.of()))) {
            driver.restore(List.of(), List.of());
        } catch (RuntimeException e) {
            System.err.println("BerthdProcess: removing network state failed: " + e);
        }
    }

    void removeAllContainers() {
        Result ids = docker("ps", "-a", "-q", "--no-trunc");
        List<String> list = ids.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (!list.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f"));
            args.addAll(list);
            docker(args.toArray(String[]::new));
        }
    }

    private static void unmountUnder(Path root) {
        String prefix = root.toAbsolutePath().toString();
        List<String> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4) {
                    String mp = unescapeMountPath(f[4]);
                    if (mp.equals(prefix) || mp.startsWith(prefix + "/")) {
                        mounts.add(mp);
                    }
                }
            }
        } catch (IOException e) {
            return;
        }
        mounts.sort(Comparator.comparingInt(String::length).reversed());
        for (String mp : mounts) {
            run(Duration.ofSeconds(20), "umount", "-l", mp);
        }
    }

    private static String unescapeMountPath(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private List<Path> runtimeRoots() {
        Path runtimes = execRoot.resolve("runtimes");
        if (!Files.isDirectory(runtimes)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(runtimes)) {
            return s.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void deleteLeftoverRuncContainers(Path root, String binary) {
        Path runcRoot = root.resolve("runc");
        if (!Files.isDirectory(runcRoot) || onPath(binary).isEmpty()) {
            return;
        }
        try (Stream<Path> s = Files.list(runcRoot)) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p)) {
                    run(Duration.ofSeconds(20), binary, "--root", runcRoot.toString(), "delete", "--force",
                            p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void killLeftoverConmons(Path root) {
        Path conmonDir = root.resolve("conmon");
        if (!Files.isDirectory(conmonDir)) {
            return;
        }
        try (Stream<Path> s = Files.list(conmonDir)) {
            for (Path dir : s.toList()) {
                Path pidFile = dir.resolve("conmon.pid");
                if (!Files.isRegularFile(pidFile)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(Files.readString(pidFile).strip());
                } catch (NumberFormatException e) {
                    continue;
                }
                Optional<ProcessHandle> ph = ProcessHandle.of(pid);
                if (ph.isPresent() && ph.get().isAlive()
                        && ph.get().info().command().map(c -> c.endsWith("conmon")).orElse(false)) {
                    ph.get().destroyForcibly();
                }
            }
        } catch (IOException e) {
            // best effort
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // keep going; report below
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // fall through
        }
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            run(Duration.ofSeconds(30), "rm", "-rf", "--one-file-system", root.toString());
        }
    }

    // ---------------------------------------------------------------- docker CLI

    /** The DOCKER_CONFIG directory the docker CLI runs with (logins are stored there). */
    Path dockerConfig() {
        return dockerConfig;
    }

    Result docker(String... args) {
        return docker(DEFAULT_TIMEOUT, null, args);
    }

    Result dockerStdin(Path stdin, String... args) {
        return docker(DEFAULT_TIMEOUT, stdin, args);
    }

    Result docker(Duration timeout, Path stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", host()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("DOCKER_HOST");
        pb.environment().remove("DOCKER_CONTEXT");
        pb.environment().remove("DOCKER_API_VERSION");
        pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
        pb.environment().put("DOCKER_CLI_HINTS", "false");
        // Berth serves the classic builder's API: `docker build` must not try BuildKit/buildx.
        pb.environment().put("DOCKER_BUILDKIT", "0");
        return exec(pb, timeout, stdin, tmp.resolve("cli-" + counter.incrementAndGet()));
    }

    /** GET of {@code url} (a published port), tried for a few seconds while its server starts or rules change. */
    static String httpGet(String url) throws Exception {
        Exception last = null;
        for (int i = 0; i < 30; i++) {
            try {
                var c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                try (java.io.InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                last = e;
                Thread.sleep(200);
            }
        }
        throw last;
    }

    /** Runs any command (not docker) with a timeout; never throws for a non-zero exit. */
    static Result run(Duration timeout, String... cmd) {
        try {
            Path scratch = Files.createTempDirectory("berth-run-");
            try {
                return exec(new ProcessBuilder(cmd), timeout, null, scratch.resolve("out"));
            } finally {
                deleteTree(scratch);
            }
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        }
    }

    private static Result exec(ProcessBuilder pb, Duration timeout, Path stdin, Path base) {
        Path out = base.resolveSibling(base.getFileName() + ".out");
        Path err = base.resolveSibling(base.getFileName() + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.redirectInput(stdin != null ? ProcessBuilder.Redirect.from(stdin.toFile())
                : ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            String o = Files.readString(out);
            String e = Files.readString(err);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            if (!done) {
                return new Result(-1, o, e + "\n[timed out after " + timeout + ": " + pb.command() + "]");
            }
            return new Result(p.exitValue(), o, e);
        } catch (IOException e) {
            return new Result(-1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", e.toString());
        }
    }

    // ---------------------------------------------------------------- raw HTTP

    /** One raw HTTP/1.1 request over the unix socket ({@code Connection: close}); the whole response. */
    String http(String method, String path, String contentType, String body, Duration timeout) throws IOException {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        StringBuilder req = new StringBuilder()
                .append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n")
                .append("Connection: close\r\n");
        if (contentType != null) {
            req.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            req.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        req.append("\r\n");
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ch.write(ByteBuffer.wrap(req.toString().getBytes(StandardCharsets.US_ASCII)));
                ch.write(ByteBuffer.wrap(payload));
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(8192);
                while (ch.read(buf) >= 0) {
                    buf.flip();
                    all.write(buf.array(), 0, buf.limit());
                    buf.clear();
                }
                return all.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw new IOException("no response within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    // ---------------------------------------------------------------- busybox image

    /** A busybox rootfs tar (Debian busybox-static), built once per JVM and deleted at JVM exit. */
    static synchronized Path busyboxTar() throws IOException {
        if (busyboxTar != null) {
            return busyboxTar;
        }
        Path busybox = Stream.of("/bin/busybox", "/usr/bin/busybox")
                .map(Path::of).filter(Files::isRegularFile).findFirst().orElse(null);
        assertTrue(busybox != null, "busybox-static is not installed (scripts/install-deps installs it)");
        busyboxTar = busyboxRootfsTar(busybox);
        return busyboxTar;
    }

    /**
     * A rootfs tar around a static busybox binary (any architecture): the binary as /bin/busybox,
     * applet links, passwd/group, /root and /tmp. Deleted at JVM exit.
     */
    static Path busyboxRootfsTar(Path busybox) throws IOException {
        Path dir = Files.createTempDirectory("berth-busybox-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String applet : List.of("sh", "echo", "sleep", "cat", "true", "false", "ls", "id", "env", "hostname",
                "wget", "ps", "top", "touch", "rm", "mkdir", "pwd", "printenv", "uname")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"),
                "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nnogroup:x:65534:\n");
        Files.createDirectories(rootfs.resolve("root"));
        Path tmpDir = Files.createDirectories(rootfs.resolve("tmp"));
        Files.setPosixFilePermissions(tmpDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Result chmod = run(Duration.ofSeconds(10), "chmod", "1777", tmpDir.toString());
        if (chmod.exitCode() != 0) {
            throw new IOException("chmod 1777 failed: " + chmod);
        }
        Path tar = dir.resolve("busybox.tar");
        Result r = run(Duration.ofSeconds(60), "tar", "-C", rootfs.toString(), "-cf", tar.toString(), ".");
        if (r.exitCode() != 0) {
            throw new IOException("tar failed: " + r);
        }
        return tar;
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0"); // effective uid
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static Optional<Path> onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        List<String> dirs = new ArrayList<>(List.of(path.split(":")));
        dirs.addAll(List.of("/usr/local/sbin", "/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, tool))
                .filter(Files::isExecutable).findFirst();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
