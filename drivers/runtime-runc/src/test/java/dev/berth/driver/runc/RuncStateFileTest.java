package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state file answers only what runc would: "running" for the very process runc recorded (this JVM
 * stands in for it, through the real {@code /proc}), thawed and past its exec fifo; everything else is
 * left to runc. {@code RuncRuntimeDriverIT} checks the same against real runc containers.
 */
class RuncStateFileTest {
    private static final String ID = "a".repeat(64);

    @TempDir
    Path root;
    @TempDir
    Path cgroup;
    private final int pid = (int) ProcessHandle.current().pid();
    private long start;

    @BeforeEach
    void myStartTime() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        start = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
        Files.createDirectories(root.resolve(ID));
    }

    @Test
    void runningThawed_v1Freezer_runningWithPid() throws IOException {
        state(pid, start, "{\"freezer\": \"" + cgroup + "\", \"\": \"/nonexistent\"}");
        freezer("THAWED\n");
        assertThat(new RuncStateFile(root).running(ID)).contains(new RuncCli.State("running", pid));
    }

    @Test
    void runningThawed_v2_runningWithPid() throws IOException {
        state(pid, start, "{\"\": \"" + cgroup + "\"}");
        Files.writeString(cgroup.resolve("cgroup.freeze"), "0\n");
        assertThat(new RuncStateFile(root).running(ID)).contains(new RuncCli.State("running", pid));
    }

    @Test
    void frozenOrFreezing_leftToRunc() throws IOException {
        state(pid, start, "{\"freezer\": \"" + cgroup + "\"}");
        freezer("FROZEN\n");
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
        freezer("FREEZING\n");
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
        state(pid, start, "{\"\": \"" + cgroup + "\"}");
        Files.writeString(cgroup.resolve("cgroup.freeze"), "1\n");
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
    }

    @Test
    void pidReusedByAnotherProcess_leftToRunc() throws IOException {
        // same pid, another start time: the process runc started is gone and the pid was given to another
        state(pid, start + 1, "{\"freezer\": \"" + cgroup + "\"}");
        freezer("THAWED\n");
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
    }

    @Test
    void processGone_leftToRunc() throws IOException {
        // above pid_max (4194304 at most): no such process can exist
        state(4_194_305, start, "{\"freezer\": \"" + cgroup + "\"}");
        freezer("THAWED\n");
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
    }

    @Test
    void execFifoWaiting_createdNotRunning_leftToRunc() throws IOException {
        state(pid, start, "{\"freezer\": \"" + cgroup + "\"}");
        freezer("THAWED\n");
        Files.createFile(root.resolve(ID).resolve("exec.fifo"));
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
    }

    @Test
    void noStateFileOrUnreadable_leftToRunc() throws IOException {
        assertThat(new RuncStateFile(root).running(ID)).isEmpty(); // crun keeps no state.json
        Files.writeString(root.resolve(ID).resolve("state.json"), "{\"init_process_pid\": " + pid);
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
        Files.writeString(root.resolve(ID).resolve("state.json"), "{\"init_process_pid\": " + pid
                + ", \"init_process_start\": \"" + start + "\", \"cgroup_paths\": {\"freezer\": \"" + cgroup + "\"}}");
        freezer("THAWED\n");
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
    }

    @Test
    void noCgroupPaths_orFreezerFileMissing_leftToRunc() throws IOException {
        state(pid, start, "{}");
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
        state(pid, start, "{\"freezer\": \"" + cgroup.resolve("gone") + "\"}");
        assertThat(new RuncStateFile(root).running(ID)).isEmpty();
    }

    // --- delete of a run that is over ---

    @Test
    void deleteStopped_initGone_cgroupsAndStateDirRemoved() throws IOException {
        Path memory = Files.createDirectories(cgroup.resolve("memory/berth/" + ID + "/sub"));
        Path pids = Files.createDirectories(cgroup.resolve("pids/berth/" + ID));
        stopped(4_194_305, "{\"memory\": \"" + memory.getParent() + "\", \"pids\": \"" + pids
                + "\", \"cpu\": \"" + cgroup.resolve("cpu/gone") + "\"}", "{\"Systemd\": false}", "null", "");

        assertThat(new RuncStateFile(root).deleteStopped(ID)).isTrue();

        assertThat(memory.getParent()).doesNotExist();
        assertThat(pids).doesNotExist();
        assertThat(cgroup.resolve("memory/berth")).exists(); // the parent stays, as with runc
        assertThat(root.resolve(ID)).doesNotExist();
    }

    @Test
    void deleteStopped_initAlive_leftToRunc() throws IOException {
        Path pids = Files.createDirectories(cgroup.resolve("pids/berth/" + ID));
        stopped(pid, "{\"pids\": \"" + pids + "\"}", "{\"Systemd\": false}", "null", "");
        assertThat(new RuncStateFile(root).deleteStopped(ID)).isFalse();
        assertThat(pids).exists();
        assertThat(root.resolve(ID).resolve("state.json")).exists();
    }

    @Test
    void deleteStopped_hooksSystemdSharedPidNamespaceOrNoStateFile_leftToRunc() throws IOException {
        Path pids = Files.createDirectories(cgroup.resolve("pids/berth/" + ID));
        String paths = "{\"pids\": \"" + pids + "\"}";
        stopped(4_194_305, paths, "{\"Systemd\": false}", "{\"poststop\": [{\"path\": \"/bin/true\"}]}", "");
        assertThat(new RuncStateFile(root).deleteStopped(ID)).isFalse();
        stopped(4_194_305, paths, "{\"Systemd\": true}", "null", "");
        assertThat(new RuncStateFile(root).deleteStopped(ID)).isFalse();
        stopped(4_194_305, paths, "{\"Systemd\": false}", "null", "/proc/1/ns/pid");
        assertThat(new RuncStateFile(root).deleteStopped(ID)).isFalse();
        assertThat(pids).exists();
        Files.delete(root.resolve(ID).resolve("state.json"));
        assertThat(new RuncStateFile(root).deleteStopped(ID)).isFalse(); // crun
    }

    @Test
    void deleteStopped_cgroupThatWillNotGo_leftToRunc() throws IOException {
        // a file in a plain directory stands for a busy cgroup: rmdir fails
        Path pids = Files.createDirectories(cgroup.resolve("pids/berth/" + ID));
        Files.writeString(pids.resolve("tasks"), "1\n");
        stopped(4_194_305, "{\"pids\": \"" + pids + "\"}", "{\"Systemd\": false}", "null", "");
        assertThat(new RuncStateFile(root).deleteStopped(ID)).isFalse();
        assertThat(root.resolve(ID).resolve("state.json")).exists();
    }

    private void stopped(int pid, String cgroupPaths, String cgroups, String hooks, String pidNsPath) throws IOException {
        Files.writeString(root.resolve(ID).resolve("state.json"), "{\"id\": \"" + ID + "\", \"init_process_pid\": " + pid
                + ", \"init_process_start\": " + start + ", \"rootless\": false, \"intel_rdt_path\": \"\""
                + ", \"cgroup_paths\": " + cgroupPaths + ", \"config\": {\"cgroups\": " + cgroups + ", \"Hooks\": " + hooks
                + ", \"namespaces\": [{\"type\": \"NEWPID\", \"path\": \"" + pidNsPath + "\"}, {\"type\": \"NEWNS\", \"path\": \"\"}]}}");
    }

    private void state(int pid, long start, String cgroupPaths) throws IOException {
        Files.writeString(root.resolve(ID).resolve("state.json"), "{\"id\": \"" + ID + "\", \"init_process_pid\": " + pid
                + ", \"init_process_start\": " + start + ", \"cgroup_paths\": " + cgroupPaths + "}");
    }

    private void freezer(String state) throws IOException {
        Files.writeString(cgroup.resolve("freezer.state"), state);
    }
}
