package dev.berth.cli.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** QEMU's argv for a machine, as {@code start} runs it. */
class QemuArgsTest {
    private static final Path DIR = Path.of("/m/dev");
    private final MachineConfig cfg = new MachineConfig("dev", 3, 1024, 8,
            List.of(MachineConfig.Volume.parse("/srv/a"), MachineConfig.Volume.parse("/home/me:/work")), "k", "t");

    @Test
    void acceleratorCpuAndSize() {
        String line = String.join(" ", QemuArgs.of(cfg, DIR, Path.of("/img"), new Accel("kvm", "host", null), 2222, 2375));
        assertThat(line).startsWith("qemu-system-x86_64 -name berth-dev ")
                .contains("-accel kvm -cpu host -smp 3 -m 1024");
        String tcg = String.join(" ", QemuArgs.of(cfg, DIR, Path.of("/img"), new Accel("tcg", "max", "w"), 2222, 2375));
        assertThat(tcg).contains("-accel tcg -cpu max ");
    }

    @Test
    void underTcgTheGuestSkipsTheEddProbeAndBerthdRunsOnC1() {
        List<String> kvm = QemuArgs.of(cfg, DIR, Path.of("/img"), new Accel("kvm", "host", null), 2222, 2375);
        assertThat(valuesOf(kvm, "-append")).containsExactly("root=/dev/vda rw console=ttyS0 quiet");
        List<String> tcg = QemuArgs.of(cfg, DIR, Path.of("/img"), new Accel("tcg", "max", "w"), 2222, 2375);
        // one argv element; systemd unquotes the setenv, whose value has spaces
        assertThat(valuesOf(tcg, "-append")).containsExactly("root=/dev/vda rw console=ttyS0 quiet edd=off "
                + "\"systemd.setenv=BERTHD_JAVA_OPTS=-XX:+UseSerialGC -Xss512k -Xms16m -XX:TieredStopAtLevel=1 "
                + "-XX:CICompilerCount=1 -XX:+IgnoreUnrecognizedVMOptions -XX:TrimNativeHeapInterval=5000\"");
    }

    @Test
    void disksHonourTheGuestsFlushes() {
        List<String> argv = QemuArgs.of(cfg, DIR, Path.of("/img"), new Accel("kvm", "host", null), 2222, 2375);
        List<String> drives = valuesOf(argv, "-drive");
        assertThat(drives).containsExactly(
                "if=virtio,format=qcow2,cache=writeback,discard=unmap,file=/m/dev/disk.qcow2",
                "if=virtio,format=raw,cache=writeback,file=/m/dev/berth.ext4");
        assertThat(String.join(" ", argv)).doesNotContain("cache=unsafe").doesNotContain("cache.no-flush");
        assertThat(valuesOf(argv, "-kernel")).containsExactly("/img/vmlinuz");
        assertThat(valuesOf(argv, "-initrd")).containsExactly("/img/initrd.img");
    }

    @Test
    void forwardsOnlyOnTheHostsLoopback() {
        List<String> argv = QemuArgs.of(cfg, DIR, Path.of("/img"), new Accel("kvm", "host", null), 2222, 40001);
        assertThat(valuesOf(argv, "-netdev")).containsExactly(
                "user,id=net0,hostfwd=tcp:127.0.0.1:2222-:22,hostfwd=tcp:127.0.0.1:40001-:2375");
        // PortForwards adds the published ports through this monitor, to netdev net0
        assertThat(valuesOf(argv, "-qmp")).containsExactly("unix:/m/dev/qmp.sock,server=on,wait=off");
    }

    @Test
    void sharesAndTheirMountTableReachTheGuest() {
        List<String> argv = QemuArgs.of(cfg, DIR, Path.of("/img"), new Accel("kvm", "host", null), 2222, 2375);
        assertThat(valuesOf(argv, "-virtfs")).containsExactly(
                "local,path=/srv/a,mount_tag=vol0,security_model=none,id=vol0",
                "local,path=/home/me,mount_tag=vol1,security_model=none,id=vol1");
        assertThat(valuesOf(argv, "-fw_cfg")).containsExactly(
                "name=opt/berth/authorized_keys,file=/m/dev/id_ed25519.pub",
                "name=opt/berth/mounts,file=/m/dev/mounts");
        assertThat(QemuArgs.mounts(cfg)).isEqualTo("vol0 /srv/a\nvol1 /work\n");
    }

    @Test
    void daemonizesWithAPidFileAndTheConsoleInTheMachineDir() {
        List<String> argv = QemuArgs.of(cfg, DIR, Path.of("/img"), new Accel("kvm", "host", null), 2222, 2375);
        assertThat(valuesOf(argv, "-pidfile")).containsExactly("/m/dev/qemu.pid");
        assertThat(valuesOf(argv, "-serial")).containsExactly("file:/m/dev/console.log");
        assertThat(argv).contains("-daemonize", "-nodefaults");
    }

    private static List<String> valuesOf(List<String> argv, String flag) {
        return IntStream.range(0, argv.size() - 1).filter(i -> argv.get(i).equals(flag))
                .mapToObj(i -> argv.get(i + 1)).toList();
    }
}
