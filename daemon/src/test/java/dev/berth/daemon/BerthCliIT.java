package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Our own {@code bin/berth} against a berthd this class starts: the same commands as docker's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180)
class BerthCliIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();

    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        assertTrue(Files.exists(Path.of("..", "cli", "target", "lib")), "cli module not packaged (mvn package)");
        d = BerthdProcess.start();
        Result imported = berth("import", "--change", "CMD [\"sh\"]", BerthdProcess.busyboxTar().toString(), "busybox");
        assertThat(imported.exitCode()).as(imported.toString()).isZero();
        assertThat(imported.out()).startsWith("sha256:");
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    private Result berth(String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    @Test
    void run_attached_printsOutputAndPropagatesExitCode() {
        Result hi = berth("run", "--rm", "busybox", "echo", "hi");
        assertThat(hi.exitCode()).as(hi.toString()).isZero();
        assertThat(hi.out()).isEqualTo("hi\n");
        Result three = berth("run", "--name", "three", "busybox", "sh", "-c", "echo oops >&2; exit 3");
        assertThat(three.exitCode()).isEqualTo(3);
        assertThat(three.err()).contains("oops");
        assertThat(berth("rm", "three").out().strip()).isEqualTo("three");
        assertThat(berth("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void runFlags_runtimeMemorySwapCidfileLabelFile_andARefusedOneNamed() throws IOException {
        Result runc = berth("run", "--rm", "--runtime", "runc", "busybox", "echo", "ok");
        assertThat(runc.exitCode()).as(runc.toString()).isZero();
        assertThat(runc.out()).isEqualTo("ok\n");
        Path dir = Files.createTempDirectory("berth-flags");
        Path cid = dir.resolve("cid");
        Path labels = dir.resolve("labels");
        Files.writeString(labels, "# labels\nteam=berth\n");
        try {
            Result run = berth("run", "-d", "-m", "64m", "--memory-swap", "128m", "--cidfile", cid.toString(),
                    "--label-file", labels.toString(), "busybox", "sleep", "30");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            String id = Files.readString(cid);
            assertThat(run.out().strip()).isEqualTo(id);
            Result inspect = berth("inspect", "-f", "{{.HostConfig.MemorySwap}} {{json .Config.Labels}}", id);
            assertThat(inspect.out().strip()).isEqualTo("134217728 {\"team\":\"berth\"}");
            Result again = berth("run", "-d", "--cidfile", cid.toString(), "busybox");
            assertThat(again.exitCode()).isEqualTo(125);
            assertThat(again.err()).contains("container ID file found");
            assertThat(berth("rm", "-f", id).exitCode()).isZero();
        } finally {
            Files.deleteIfExists(cid);
            Files.deleteIfExists(labels);
            Files.deleteIfExists(dir);
        }
        Result refused = berth("run", "--rm", "--storage-opt", "size=1G", "busybox", "true");
        assertThat(refused.exitCode()).isEqualTo(125);
        assertThat(refused.err()).contains("Error response from daemon: HostConfig.StorageOpt is not supported by Berth yet");
        assertThat(berth("ps", "-a", "-q").out()).isEmpty();
    }

    @Test
    void lifecycle_detached_psLogsInspectStopRm() {
        Result run = berth("run", "-d", "--name", "loop", "-l", "app=berth", "busybox", "sh", "-c",
                "echo started; trap 'exit 0' TERM; while true; do sleep 1; done");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String id = run.out().strip();
        assertThat(id).matches("[0-9a-f]{64}");
        Result ps = berth("ps", "--filter", "label=app=berth", "--format", "{{.ID}} {{.Names}} {{.State}}");
        assertThat(ps.out().strip()).isEqualTo(id.substring(0, 12) + " loop running");
        assertThat(berth("ps").out()).startsWith("CONTAINER ID   IMAGE     COMMAND");
        BerthdProcess.sleep(500);
        assertThat(berth("logs", "loop").out()).isEqualTo("started\n");
        assertThat(berth("inspect", "-f", "{{.State.Status}} {{.Name}}", "loop").out().strip())
                .isEqualTo("running /loop");
        assertThat(berth("stop", "loop").exitCode()).isZero();
        assertThat(berth("inspect", "-f", "{{.State.ExitCode}}", "loop").out().strip()).isEqualTo("0");
        assertThat(berth("rm", "loop").exitCode()).isZero();
        Result missing = berth("inspect", "loop");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("No such object: loop");
    }

    @Test
    void psAndInspect_openNoJarBesideTheCliOwn() {
        // the lean path's classes are all in the CLI's jar: a command that opens lib/ (a lookup through the
        // whole class path: SelectorProvider services at the first socket, a System.Logger at System.exit)
        // parses six more jars' indexes on every run; the JDK names each jar it opens under this property
        for (String[] line : List.of(new String[] {"ps", "-a"}, new String[] {"inspect", "busybox"})) {
            List<String> cmd = new ArrayList<>(List.of("env", "JAVA_TOOL_OPTIONS=-Dsun.misc.URLClassPath.debug=true",
                    BERTH.toString(), "-H", d.host()));
            cmd.addAll(List.of(line));
            Result r = BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.err()).as("the JVM took the option").contains("Picked up JAVA_TOOL_OPTIONS");
            assertThat(r.err().lines().filter(l -> l.startsWith("Opening file:") && l.contains("/lib/")))
                    .as(String.join(" ", line)).isEmpty();
        }
    }

    @Test
    void inspect_closesItsSocketWithoutNetsInitialisation() throws Exception {
        // JDK 25's blocking close asks sun.nio.ch.Net whether to shut the output down first; that class's
        // initialisation (IPv6 probes, extended socket options by reflection, libextnet) was ~2 ms of a
        // ~40 ms inspect. berth closes a read-out connection non-blocking. (JDK 17 never got there.)
        Path log = Files.createTempFile("berth-class-init", ".log");
        try {
            Result r = BerthdProcess.run(Duration.ofSeconds(60), "env",
                    "JAVA_TOOL_OPTIONS=-Xlog:class+init=info:file=" + log, BERTH.toString(), "-H", d.host(), "inspect", "busybox");
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.out()).contains("\"RepoTags\": [");
            String inits = Files.readString(log);
            assertThat(inits).as("the JVM logged class initialisation").contains("dev/berth/cli/Main");
            assertThat(inits).doesNotContain("'sun/nio/ch/Net'");
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void launcherJar_holdsOnlyTheManifest_withTheClassesJarFirstOnItsClassPath() throws Exception {
        Path target = BERTH.getParent().getParent().resolve("cli/target");
        try (JarFile launcher = new JarFile(target.resolve("berth-cli-0.1.0-SNAPSHOT-launcher.jar").toFile())) {
            assertThat(launcher.stream().map(JarEntry::getName)).containsExactlyInAnyOrder("META-INF/", "META-INF/MANIFEST.MF");
            Attributes main = launcher.getManifest().getMainAttributes();
            assertThat(main.getValue("Main-Class")).isEqualTo("dev.berth.cli.Main");
            assertThat(main.getValue("Add-Exports")).isEqualTo("java.base/sun.security.jca java.base/sun.nio.ch");
            List<String> classPath = List.of(main.getValue("Class-Path").split(" "));
            assertThat(classPath.get(0)).isEqualTo("berth-cli-0.1.0-SNAPSHOT.jar");
            for (String entry : classPath) assertThat(target.resolve(entry)).as(entry).isRegularFile();
            try (Stream<Path> libs = Files.list(target.resolve("lib"))) {
                assertThat(classPath.subList(1, classPath.size()))
                        .containsExactlyInAnyOrderElementsOf(libs.map(p -> "lib/" + p.getFileName()).toList());
            }
        }
    }

    @Test
    void launcherScript_isPosixSh_andFindsItsCheckoutThroughALink() throws Exception {
        assertThat(Files.readAllLines(BERTH).get(0)).isEqualTo("#!/bin/sh");
        Result syntax = BerthdProcess.run(Duration.ofSeconds(10), "dash", "-n", BERTH.toString());
        assertThat(syntax.exitCode()).as(syntax.toString()).isZero();
        // as a user links it onto the PATH: a relative link from another directory, with -H and an arg with a space
        Path dir = Files.createTempDirectory("berth-link-");
        try {
            Path link = dir.resolve("berth");
            Files.createSymbolicLink(link, dir.relativize(BERTH));
            Result ps = BerthdProcess.run(Duration.ofSeconds(60), link.toString(), "-H", d.host(), "ps", "-a",
                    "--format", "{{.Names}} x");
            assertThat(ps.exitCode()).as(ps.toString()).isZero();
            Result version = BerthdProcess.run(Duration.ofSeconds(60), link.toString(), "--host=" + d.host(), "version",
                    "--format", "{{.Server.Os}}");
            assertThat(version.out().strip()).as(version.toString()).isEqualTo("linux");
        } finally {
            BerthdProcess.run(Duration.ofSeconds(10), "rm", "-rf", dir.toString());
        }
    }

    @Test
    void images_tagAndEvents_sameAsDocker() {
        assertThat(berth("tag", "busybox", "mybox:v1").exitCode()).isZero();
        Result images = berth("images", "--format", "{{.Repository}}:{{.Tag}}");
        assertThat(images.out().lines()).contains("busybox:latest", "mybox:v1");
        Result rmi = berth("rmi", "mybox:v1");
        assertThat(rmi.out()).contains("Untagged: mybox:v1");
        Result events = berth("events", "--since", "10m", "--until", "0s", "--filter", "type=image");
        assertThat(events.out()).contains("image import").contains("image tag").contains("image untag");
    }

    @Test
    void ipv6Network_createRunWithIp6ConnectAndInspect_sameAsDocker() {
        assertThat(berth("network", "create", "--ipv6", "--subnet", "fd00:b1e7:c1::/64", "cli6").exitCode()).isZero();
        try {
            Result run = berth("run", "--rm", "--network", "cli6", "--ip6", "fd00:b1e7:c1::42", "busybox", "busybox", "ip",
                    "-6", "addr", "show", "dev", "eth0");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("inet6 fd00:b1e7:c1::42/64");
            assertThat(berth("create", "--name", "cli6c", "busybox", "sleep", "30").exitCode()).isZero();
            assertThat(berth("network", "connect", "--ip6", "fd00:b1e7:c1::43", "cli6", "cli6c").exitCode()).isZero();
            sameAsDocker("network", "inspect", "cli6", "-f", "{{.EnableIPv6}} {{range .IPAM.Config}}{{.Subnet}} {{end}}");
            sameAsDocker("inspect", "-f", "{{json .NetworkSettings.Networks.cli6.IPAMConfig}}", "cli6c");
            assertThat(berth("start", "cli6c").exitCode()).isZero();
            Result taken = berth("run", "--rm", "--network", "cli6", "--ip6", "fd00:b1e7:c1::43", "busybox", "true");
            assertThat(taken.exitCode()).isEqualTo(125);
            assertThat(taken.err()).contains("Address already in use");
            // published on both families, and IPv6's alone: the berth CLI shows them as the docker CLI does
            assertThat(berth("run", "-d", "--name", "cli6p", "--network", "cli6", "-p", "18457:80", "-p",
                    "[::]:18458:81", "busybox", "sleep", "30").exitCode()).isZero();
            sameAsDocker("port", "cli6p");
            sameAsDocker("ps", "--filter", "name=cli6p", "--format", "{{.Ports}}");
            assertThat(berth("port", "cli6p").out()).isEqualTo("80/tcp -> 0.0.0.0:18457\n80/tcp -> [::]:18457\n"
                    + "81/tcp -> [::]:18458\n");
        } finally {
            berth("rm", "-f", "cli6c", "cli6p");
            berth("network", "rm", "cli6");
        }
    }

    /** The docker CLI's answer with the legacy builder's DEPRECATED banner (stderr, builder commands) left out. */
    private Result docker(String... args) {
        Result r = d.docker(args);
        String err = r.err().replaceAll("(?s)DEPRECATED: The legacy builder.*?\n\n", "");
        return new Result(r.exitCode(), r.out(), err);
    }

    /** The same line through the docker CLI and bin/berth: output, errors (docker's name swapped) and exit code. */
    private void sameAsDocker(String... args) {
        Result theirs = docker(args);
        Result ours = berth(args);
        assertThat(ours.exitCode()).as("exit of %s: %s / %s", List.of(args), theirs, ours).isEqualTo(theirs.exitCode());
        assertThat(ours.out()).as("stdout of %s", List.of(args)).isEqualTo(theirs.out());
        assertThat(ours.err()).as("stderr of %s", List.of(args)).isEqualTo(theirs.err()
                .replace("docker: 'docker ", "berth: 'berth ").replace("Usage:  docker ", "Usage:  berth ")
                .replace("Run 'docker ", "Run 'berth "));
    }

    @Test
    void pruneSearchContextAndAliases_sameAsDocker() {
        sameAsDocker("system", "prune");
        sameAsDocker("system", "prune", "-a", "--volumes", "--filter", "label=x", "--filter", "label!=y");
        sameAsDocker("system", "prune", "--volumes", "-f", "--filter", "until=1h");
        sameAsDocker("system", "prune", "-f", "--filter", "foo");
        sameAsDocker("system", "prune", "-f", "--filter", "bogus=1");
        sameAsDocker("system", "prune", "x");
        sameAsDocker("system", "prune", "-f");
        sameAsDocker("builder", "prune");
        sameAsDocker("builder", "prune", "-a");
        sameAsDocker("builder", "prune", "-f");
        sameAsDocker("builder", "prune", "-f", "--keep-storage", "1g");
        sameAsDocker("builder", "prune", "x");
        // declined (stdin at its end): quietly, exit 0
        sameAsDocker("container", "prune");
        sameAsDocker("network", "prune");
        sameAsDocker("volume", "prune", "-a");
        sameAsDocker("image", "prune");
        // no index is reachable here: berthd's error, as dockerd words it
        sameAsDocker("search", "busybox");
        sameAsDocker("search", "--limit", "101", "x");
        sameAsDocker("search", "--filter", "foo", "x");
        sameAsDocker("search");
        sameAsDocker("context", "ls");
        sameAsDocker("context", "ls", "-q");
        sameAsDocker("context", "ls", "--format", "json");
        sameAsDocker("context", "show");
        sameAsDocker("context", "inspect");
        sameAsDocker("context", "inspect", "-f", "{{.Endpoints.docker.Host}}", "default");
        sameAsDocker("context", "inspect", "-f");
        sameAsDocker("system", "info", "--format", "{{.ID}} {{.Containers}}");
        sameAsDocker("container", "commit");

        Result created = berth("create", "--name", "prunable", "busybox", "true");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        Result pruned = berth("system", "prune", "-f");
        assertThat(pruned.exitCode()).as(pruned.toString()).isZero();
        assertThat(pruned.out()).startsWith("Deleted Containers:\n" + created.out().strip() + "\n\n")
                .endsWith("Total reclaimed space: 0B\n");
    }

    @Test
    void attach_plainAndTty_sameAsDocker() {
        for (boolean ours : new boolean[] {false, true}) {
            String cli = ours ? "berth" : "docker";
            Result run = berth("run", "-d", "--name", "att-" + cli, "busybox", "sh", "-c",
                    "sleep 1; echo hi; echo warn >&2; sleep 2; echo bye; exit 3");
            assertThat(run.exitCode()).as(run.toString()).isZero();
            Result attached = ours ? berth("attach", "att-" + cli) : docker("attach", "att-" + cli);
            assertThat(attached.exitCode()).as(cli + ": " + attached).isEqualTo(3);
            assertThat(attached.out()).as(cli).isEqualTo("hi\nbye\n");
            assertThat(attached.err()).as(cli).isEqualTo("warn\n");
            Result stopped = ours ? berth("attach", "att-" + cli) : docker("attach", "att-" + cli);
            assertThat(stopped.exitCode()).as(cli).isEqualTo(1);
            assertThat(stopped.err()).as(cli).isEqualTo("You cannot attach to a stopped container, start it first\n");
            berth("rm", "att-" + cli);

            // a TTY one, through a pseudo-terminal: what is typed reaches the shell; ctrl-p ctrl-q leaves it running
            assertThat(berth("run", "-dit", "--name", "tty-" + cli, "busybox", "sh").exitCode()).isZero();
            String line = (ours ? BERTH + " -H " + d.host() : "DOCKER_CLI_HINTS=false docker -H " + d.host())
                    + " attach tty-" + cli + "; echo RC=$?";
            Result detached = BerthdProcess.run(Duration.ofSeconds(30), "sh", "-c",
                    "(sleep 1.5; printf 'echo ab$((1+2))\\r'; sleep 1; printf '\\020\\021'; sleep 2) | script -qc '"
                            + line + "' /dev/null");
            assertThat(detached.out()).as(cli + ": " + detached).contains("ab3\r\n").contains("read escape sequence")
                    .contains("RC=1");
            assertThat(berth("inspect", "-f", "{{.State.Running}}", "tty-" + cli).out()).isEqualTo("true\n");
            // berthd refuses the keys: the docker CLI names only the status
            Result keys = ours ? berth("attach", "--no-stdin", "--detach-keys", "foo", "tty-" + cli)
                    : docker("attach", "--no-stdin", "--detach-keys", "foo", "tty-" + cli);
            assertThat(keys.exitCode()).as(cli + ": " + keys).isEqualTo(1);
            assertThat(keys.err()).as(cli).isEqualTo("unable to upgrade to tcp, received 400\n");
            Result exited = BerthdProcess.run(Duration.ofSeconds(30), "sh", "-c",
                    "(sleep 1.5; printf 'exit 5\\r'; sleep 2) | script -qc '" + line + "' /dev/null");
            assertThat(exited.out()).as(cli + ": " + exited).contains("RC=5");
            berth("rm", "-f", "tty-" + cli);
        }
        sameAsDocker("attach", "nope");
        sameAsDocker("attach");
    }
}
