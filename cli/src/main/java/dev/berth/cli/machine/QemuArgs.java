package dev.berth.cli.machine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** QEMU's command line for a machine: direct kernel boot of the cached image, virtio disk, user networking. */
final class QemuArgs {
    private QemuArgs() {}

    static String binary() {
        return "qemu-system-x86_64";
    }

    static List<String> of(MachineConfig cfg, Path dir, Path image, Accel accel, int sshPort, int apiPort) {
        List<String> a = new ArrayList<>(List.of(binary(), "-name", "berth-" + cfg.name(),
                "-machine", "q35", "-accel", accel.name(), "-cpu", accel.cpu(),
                "-smp", Integer.toString(cfg.cpus()), "-m", Integer.toString(cfg.memoryMiB()),
                "-nodefaults", "-no-user-config", "-display", "none",
                "-serial", "file:" + dir.resolve("console.log"),
                "-kernel", image.resolve(MachineImage.KERNEL).toString(),
                "-initrd", image.resolve(MachineImage.INITRD).toString(),
                "-append", cmdline(accel),
                // cache=writeback (QEMU's default, spelled out so that nobody "speeds it up" to unsafe)
                // passes the guest's flushes on to the host file: what berthd's journal fsyncs in the
                // guest is on the host's disk when acknowledged, so a kill -9 of QEMU loses none of it.
                "-drive", "if=virtio,format=qcow2,cache=writeback,discard=unmap,file=" + dir.resolve(Machine.DISK),
                "-drive", "if=virtio,format=raw,cache=writeback,file=" + dir.resolve(Machine.BERTH_DISK),
                "-netdev", "user,id=net0,hostfwd=tcp:127.0.0.1:" + sshPort + "-:22,hostfwd=tcp:127.0.0.1:" + apiPort
                        + "-:2375",
                "-device", "virtio-net-pci,netdev=net0",
                "-device", "virtio-rng-pci",
                "-qmp", "unix:" + dir.resolve(Machine.QMP) + ",server=on,wait=off",
                "-fw_cfg", "name=opt/berth/authorized_keys,file=" + dir.resolve(Machine.KEY + ".pub"),
                "-fw_cfg", "name=opt/berth/mounts,file=" + dir.resolve(Machine.MOUNTS),
                "-pidfile", dir.resolve(Machine.PID).toString(), "-daemonize"));
        for (int i = 0; i < cfg.volumes().size(); i++) {
            MachineConfig.Volume v = cfg.volumes().get(i);
            a.add("-virtfs");
            a.add("local,path=" + v.host() + ",mount_tag=vol" + i + ",security_model=none,id=vol" + i);
        }
        return a;
    }

    /**
     * The guest kernel's command line. Under TCG every guest instruction is emulated, so it also cuts
     * what costs emulated CPU before the first {@code _ping}: the BIOS disk (EDD) probe, and berthd's
     * JIT: C1 only with one compiler thread (C2's compiles are what a short-lived emulated boot
     * cannot pay back), through {@code systemd.setenv}, which bin/berthd's BERTHD_JAVA_OPTS reads.
     */
    static String cmdline(Accel accel) {
        String base = "root=/dev/vda rw console=ttyS0 quiet";
        if (!accel.name().equals("tcg")) return base;
        return base + " edd=off \"systemd.setenv=BERTHD_JAVA_OPTS=" + String.join(" ", TCG_BERTHD_OPTS) + "\"";
    }

    /** bin/berthd's defaults with C2 (and its thresholds) replaced by C1 alone. */
    static final List<String> TCG_BERTHD_OPTS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms16m",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+IgnoreUnrecognizedVMOptions",
            "-XX:TrimNativeHeapInterval=5000");

    /** The fw_cfg "mounts" file: one "TAG GUEST-PATH" line per shared directory. */
    static String mounts(MachineConfig cfg) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cfg.volumes().size(); i++) {
            sb.append("vol").append(i).append(' ').append(cfg.volumes().get(i).guest()).append('\n');
        }
        return sb.toString();
    }
}
