package dev.berth.cli.machine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which accelerator QEMU gets: KVM where /dev/kvm is usable, HVF on macOS, else TCG (slow, with a warning). */
record Accel(String name, String cpu, String warning) {
    static Accel choose() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("mac")) return new Accel("hvf", "host", null);
        Path kvm = Path.of("/dev/kvm");
        if (Files.exists(kvm) && Files.isReadable(kvm) && Files.isWritable(kvm)) return new Accel("kvm", "host", null);
        String why = Files.exists(kvm) ? "/dev/kvm is not readable and writable by this user" : "/dev/kvm does not exist";
        return new Accel("tcg", "max", "WARNING: " + why + "; the machine runs under QEMU's TCG emulation, "
                + "which is many times slower than KVM");
    }
}
