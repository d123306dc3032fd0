package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker exec} through the real docker CLI: streams, exit codes, flags, events, refusals, restarts. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class ExecIT {

    private BerthdProcess d;

    @TempDir
    Path dir;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        Path tar = BerthdProcess.busyboxTar();
        d = BerthdProcess.start();
        ok(d.docker("import", "--change", "ENV GREETING=hello", tar.toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
        }
    }

    private void running(String name, String... extra) {
        var args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(List.of(extra));
        args.addAll(List.of("busybox", "sleep", "1000"));
        ok(d.docker(args.toArray(String[]::new)));
    }

    @Test
    void exec_outputAndExitCode_reachTheCli() {
        running("x1");
        Result r = d.docker("exec", "x1", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).contains("err\n");
    }

    @Test
    void exec_missingCommand_is127_andNotExecutable_is126() {
        running("x2");
        Result missing = d.docker("exec", "x2", "nosuchcmd");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(127);
        assertThat(missing.out() + missing.err()).contains("executable file not found");
        Result notExec = d.docker("exec", "x2", "/etc/passwd");
        assertThat(notExec.exitCode()).as(notExec.toString()).isEqualTo(126);
    }

    @Test
    void exec_stdin_withInteractive_reachesTheProcess_andEofEndsIt() throws IOException {
        running("x3");
        Path in = Files.createTempFile(dir, "in", ".txt");
        Files.writeString(in, "one\ntwo\n");
        Result r = ok(d.dockerStdin(in, "exec", "-i", "x3", "sh", "-c", "cat; echo done"));
        assertThat(r.out()).isEqualTo("one\ntwo\ndone\n");
        Result without = ok(d.dockerStdin(in, "exec", "x3", "sh", "-c", "cat; echo end"));
        assertThat(without.out()).isEqualTo("end\n");
    }

    @Test
    void exec_envUserWorkdir_areApplied_onTopOfTheContainers() throws IOException {
        running("x4", "-e", "FROM_RUN=1", "-w", "/tmp");
        Path envFile = Files.createTempFile(dir, "env", ".list");
        Files.writeString(envFile, "FROM_FILE=2\n");
        Result env = ok(d.docker("exec", "-e", "FROM_EXEC=3", "--env-file", envFile.toString(), "-e", "GREETING=hi",
                "x4", "env"));
        assertThat(env.out()).contains("FROM_RUN=1\n", "FROM_FILE=2\n", "FROM_EXEC=3\n", "GREETING=hi\n",
                "HOSTNAME=", "PATH=/usr/local/sbin");
        assertThat(env.out()).doesNotContain("GREETING=hello", "TERM=");
        assertThat(ok(d.docker("exec", "x4", "pwd")).out()).isEqualTo("/tmp\n");
        assertThat(ok(d.docker("exec", "-w", "/etc", "x4", "pwd")).out()).isEqualTo("/etc\n");
        assertThat(ok(d.docker("exec", "-u", "nobody", "x4", "id")).out()).startsWith("uid=65534(nobody) gid=65534");
        assertThat(ok(d.docker("exec", "-u", "1234:5678", "x4", "id", "-u")).out()).isEqualTo("1234\n");
        Result unknown = d.docker("exec", "-u", "nosuchuser", "x4", "id");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(126);
        assertThat(unknown.out() + unknown.err()).contains("unable to find user nosuchuser");
    }

    @Test
    void exec_capabilities_areTheContainers_andPrivilegedHasAll() {
        running("x5");
        String init = capEff(ok(d.docker("exec", "x5", "cat", "/proc/1/status")).out());
        String exec = capEff(ok(d.docker("exec", "x5", "sh", "-c", "cat /proc/self/status")).out());
        assertThat(exec).isEqualTo(init).isEqualTo("00000000a80425fb"); // Docker's default set
        String privileged = capEff(ok(d.docker("exec", "--privileged", "x5", "sh", "-c", "cat /proc/self/status")).out());
        // every capability the daemon itself holds (this JVM's bounding set is the daemon's)
        String held = ok(BerthdProcess.run(Duration.ofSeconds(10), "grep", "CapBnd:", "/proc/self/status")).out();
        assertThat(privileged).isEqualTo(held.substring("CapBnd:".length()).strip());
        String seccomp = ok(d.docker("exec", "x5", "sh", "-c", "grep Seccomp: /proc/self/status")).out();
        assertThat(seccomp).contains("2"); // filtered, as the init process
        // the same cgroup and namespaces as the init process
        assertThat(ok(d.docker("exec", "x5", "cat", "/proc/self/cgroup")).out())
                .isEqualTo(ok(d.docker("exec", "x5", "cat", "/proc/1/cgroup")).out());
        for (String ns : List.of("mnt", "net", "pid", "ipc", "uts")) {
            assertThat(ok(d.docker("exec", "x5", "busybox", "readlink", "/proc/self/ns/" + ns)).out()).as(ns)
                    .isEqualTo(ok(d.docker("exec", "x5", "busybox", "readlink", "/proc/1/ns/" + ns)).out());
        }
        // the same pid namespace: the container's init is pid 1
        assertThat(ok(d.docker("exec", "x5", "cat", "/proc/1/cmdline")).out()).startsWith("sleep");
    }

    @Test
    void exec_detached_runsInTheBackground() {
        running("x6");
        // the detached process waits for a go-ahead only the test gives: `exec -d` must return while it still runs
        ok(d.docker("exec", "-d", "x6", "sh", "-c",
                "while [ ! -e /tmp/go ]; do sleep 0.1; done; echo later > /tmp/mark"));
        assertThat(d.docker("exec", "x6", "cat", "/tmp/mark").exitCode()).isNotZero();
        assertThat(ok(d.docker("exec", "x6", "busybox", "ps")).out()).contains("while [ ! -e /tmp/go ]");
        ok(d.docker("exec", "x6", "touch", "/tmp/go"));
        Result mark = d.docker("exec", "x6", "cat", "/tmp/mark");
        for (int i = 0; i < 100 && mark.exitCode() != 0; i++) {
            sleep(100);
            mark = d.docker("exec", "x6", "cat", "/tmp/mark");
        }
        assertThat(ok(mark).out()).isEqualTo("later\n");
    }

    @Test
    void exec_tty_isRaw_withCrlf() {
        running("x7");
        Result r = ok(d.docker("exec", "-t", "x7", "sh", "-c", "busybox tty; echo $TERM"));
        assertThat(r.out()).isEqualTo("/dev/pts/0\r\nxterm\r\n");
    }

    @Test
    void exec_refusals_haveDockersStatusAndText() {
        ok(d.docker("create", "--name", "x8", "busybox", "sleep", "1000"));
        Result stopped = d.docker("exec", "x8", "true");
        assertThat(stopped.exitCode()).isNotZero();
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "x8")).out().strip();
        assertThat(stopped.err()).contains("container " + id + " is not running");
        Result unknown = d.docker("exec", "nosuchcontainer", "true");
        assertThat(unknown.err()).contains("No such container: nosuchcontainer");
        Result exec = BerthdProcess.run(Duration.ofSeconds(20), "curl", "-s", "-w", " %{http_code}", "--unix-socket",
                d.socket().toString(), "http://x/exec/nosuchexec/json");
        assertThat(exec.out()).contains("No such exec instance: nosuchexec").endsWith(" 404");
    }

    @Test
    void exec_startedTwice_resizedAbsurdly_createdWithoutCommand_refusedAsDockerDoes() {
        running("x15");
        String created = curl("POST", "/containers/x15/exec", "{\"Cmd\":[\"sleep\",\"2\"],\"Tty\":true}");
        assertThat(created).endsWith(" 201");
        String id = created.substring(created.indexOf("\"Id\":\"") + 6, created.indexOf("\"Id\":\"") + 70);
        assertThat(curl("POST", "/exec/" + id + "/start", "{\"Detach\":true}")).endsWith(" 200");
        assertThat(curl("POST", "/exec/" + id + "/start", "{\"Detach\":true}"))
                .contains("Error: Exec command " + id + " is already running").endsWith(" 409");
        assertThat(curl("POST", "/exec/" + id + "/resize?h=0&w=0", null)).endsWith(" 200");
        assertThat(curl("POST", "/exec/" + id + "/resize?h=100000&w=80", null)).endsWith(" 400");
        assertThat(curl("POST", "/exec/" + id + "/resize?h=-1&w=80", null)).endsWith(" 400");
        assertThat(curl("POST", "/containers/x15/exec", "{\"Cmd\":[]}")).contains("No exec command specified").endsWith(" 400");
        assertThat(curl("POST", "/containers/x15/exec", "{\"Cmd\":[\"ls\"],\"WorkingDir\":\"rel\"}")).endsWith(" 400");
        String inspect = curl("GET", "/exec/" + id + "/json", null);
        assertThat(inspect).contains("\"Running\":true", "\"entrypoint\":\"sleep\"", "\"tty\":true").endsWith(" 200");
        // the container is unharmed
        assertThat(ok(d.docker("inspect", "-f", "{{.State.Running}}", "x15")).out().strip()).isEqualTo("true");
    }

    private String curl(String method, String path, String json) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-X", method, "-w", " %{http_code}", "--unix-socket",
                d.socket().toString()));
        if (json != null) {
            cmd.addAll(List.of("-H", "Content-Type: application/json", "-d", json));
        }
        cmd.add("http://x/v1.50" + path);
        return BerthdProcess.run(Duration.ofSeconds(20), cmd.toArray(String[]::new)).out();
    }

    @Test
    void exec_events_areJournaled_inDockersShape() {
        running("x9");
        assertThat(d.docker("exec", "x9", "sh", "-c", "exit 3").exitCode()).isEqualTo(3);
        String execId = null;
        String out = "";
        // history is read from the journal, which the query side sees a moment after the write
        long deadline = System.currentTimeMillis() + 10_000;
        while (!out.contains("exec_die") && System.currentTimeMillis() < deadline) {
            out = ok(d.docker("events", "--since", "0", "--until", "0s", "--filter", "container=x9",
                    "--format", "{{.Action}}|{{.Actor.Attributes.execID}}|{{.Actor.Attributes.exitCode}}")).out();
            sleep(200);
        }
        List<String> lines = out.lines().filter(l -> l.startsWith("exec")).toList();
        assertThat(lines).hasSize(3);
        execId = lines.get(0).split("\\|")[1];
        assertThat(execId).hasSize(64);
        assertThat(lines).containsExactly("exec_create: sh -c exit 3|" + execId + "|<no value>",
                "exec_start: sh -c exit 3|" + execId + "|<no value>", "exec_die|" + execId + "|3");
    }

    @Test
    void execIt_isARealShell_inTmux_withResizeAndCtrlC() {
        assertThat(BerthdProcess.onPath("tmux")).as("tmux (scripts/install-deps)").isPresent();
        running("x12");
        String session = "berth-exec-it-" + ProcessHandle.current().pid();
        Result started = BerthdProcess.run(Duration.ofSeconds(20), "tmux", "new-session", "-d", "-s", session,
                "-x", "100", "-y", "30", "docker -H " + d.host() + " exec -it x12 sh; echo cli-exit-$?; sleep 60");
        ok(started);
        try {
            awaitPane(session, "/ #");
            tmux("send-keys", "-t", session, "echo typed-$((6*7)); stty size", "Enter");
            awaitPane(session, "30 100");
            assertThat(pane(session)).contains("typed-42");
            tmux("resize-window", "-t", session, "-x", "120", "-y", "40");
            sleep(500);
            tmux("send-keys", "-t", session, "stty size", "Enter");
            awaitPane(session, "40 120");
            tmux("send-keys", "-t", session, "sleep 100", "Enter");
            sleep(500);
            tmux("send-keys", "-t", session, "C-c");
            tmux("send-keys", "-t", session, "echo after-$((1+1))", "Enter");
            awaitPane(session, "after-2");
            tmux("send-keys", "-t", session, "exit 5", "Enter");
            awaitPane(session, "cli-exit-5");
        } finally {
            BerthdProcess.run(Duration.ofSeconds(10), "tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void berthExecIt_inTmux_isAShellAtTheTerminalsSize() {
        running("x14");
        String session = "berth-exec-cli-" + ProcessHandle.current().pid();
        String berth = Path.of("..", "bin", "berth").toAbsolutePath().normalize().toString();
        ok(BerthdProcess.run(Duration.ofSeconds(20), "tmux", "new-session", "-d", "-s", session, "-x", "90", "-y", "25",
                berth + " -H " + d.host() + " exec -it x14 sh; echo cli-exit-$?; sleep 60"));
        try {
            awaitPane(session, "/ #");
            tmux("send-keys", "-t", session, "stty size", "Enter");
            awaitPane(session, "25 90");
            tmux("resize-window", "-t", session, "-x", "110", "-y", "35");
            sleep(500);
            tmux("send-keys", "-t", session, "stty size; exit 6", "Enter");
            awaitPane(session, "cli-exit-6");
            assertThat(pane(session)).as("the window change reached the exec's terminal").contains("35 110");
        } finally {
            BerthdProcess.run(Duration.ofSeconds(10), "tmux", "kill-session", "-t", session);
        }
    }

    @Test
    void berthRunIt_inTmux_startsAtTheTerminalsSize_andFollowsIt() {
        String session = "berth-run-cli-" + ProcessHandle.current().pid();
        String berth = Path.of("..", "bin", "berth").toAbsolutePath().normalize().toString();
        ok(BerthdProcess.run(Duration.ofSeconds(20), "tmux", "new-session", "-d", "-s", session, "-x", "95", "-y", "28",
                berth + " -H " + d.host() + " run -it --rm busybox sh; echo cli-exit-$?; sleep 60"));
        try {
            awaitPane(session, "/ #");
            tmux("send-keys", "-t", session, "stty size", "Enter");
            awaitPane(session, "28 95");
            tmux("resize-window", "-t", session, "-x", "105", "-y", "33");
            sleep(500);
            tmux("send-keys", "-t", session, "stty size; exit 4", "Enter");
            awaitPane(session, "cli-exit-4");
            assertThat(pane(session)).contains("33 105");
        } finally {
            BerthdProcess.run(Duration.ofSeconds(10), "tmux", "kill-session", "-t", session);
        }
    }

    private static void tmux(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "tmux";
        System.arraycopy(args, 0, cmd, 1, args.length);
        ok(BerthdProcess.run(Duration.ofSeconds(10), cmd));
    }

    private static String pane(String session) {
        return ok(BerthdProcess.run(Duration.ofSeconds(10), "tmux", "capture-pane", "-p", "-t", session)).out();
    }

    private static void awaitPane(String session, String text) {
        long deadline = System.currentTimeMillis() + 15_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            last = pane(session);
            if (last.contains(text)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("the pane never showed \"" + text + "\":\n" + last);
    }

    @Test
    void exec_diesWithTheContainer() throws Exception {
        running("x10");
        var cli = new ProcessBuilder("docker", "-H", d.host(), "exec", "x10", "sleep", "1000")
                .redirectErrorStream(true).start();
        sleep(1000);
        ok(d.docker("stop", "-t", "1", "x10"));
        assertThat(cli.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).isEqualTo(137);
    }

    @Test
    void exec_worksOnAContainerStartedBeforeTheDaemonWasKilled() throws IOException {
        running("x11");
        d.kill9();
        d.restart();
        Result r = ok(d.docker("exec", "x11", "sh", "-c", "echo survived"));
        assertThat(r.out()).isEqualTo("survived\n");
    }

    @Test
    void berthExec_hasTheSameFlagsAndExitCodes() throws IOException {
        running("x13", "-e", "FROM_RUN=1");
        Path in = Files.createTempFile(dir, "in", ".txt");
        Files.writeString(in, "piped\n");
        Result r = berth(in, "exec", "-i", "-e", "X=2", "-u", "nobody", "-w", "/tmp", "x13",
                "sh", "-c", "cat; echo $FROM_RUN$X; id -u; pwd; echo err >&2; exit 7");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.out()).isEqualTo("piped\n12\n65534\n/tmp\n");
        assertThat(r.err()).isEqualTo("err\n");
        Result missing = berth(null, "exec", "x13", "nosuchcmd");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(127);
        ok(berth(null, "exec", "-d", "x13", "sh", "-c", "echo bg > /tmp/bg"));
        ok(d.docker("stop", "-t", "0", "x13"));
        Result stopped = berth(null, "exec", "x13", "true");
        assertThat(stopped.exitCode()).isEqualTo(1);
        assertThat(stopped.err()).contains("is not running");
    }

    /** bin/berth (the CLI of this build) against the test daemon, stdin from {@code in} or /dev/null. */
    private Result berth(Path in, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of("..", "bin", "berth").toAbsolutePath().normalize().toString(),
                "-H", d.host()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectInput(in != null ? in.toFile() : new File("/dev/null"))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String capEff(String status) {
        return status.lines().filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().substring(7).strip();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
