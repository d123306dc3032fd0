package dev.berth.cli.machine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which accelerator QEMU gets: KVM where /dev/kvm is usable, HVF on macOS, else TCG (slow, with a warning). */
record Accel(String name, String cpu, String warning) {
    static Accel choose() {
        String os = System.getProperty("os.name", "").toLowerCase();
        if (os.contains("mac")) return new Accel("hvf", "host", null);
        Path kvm = Path.of("/dev/kvm");
        boolean usable = Files.exists(kvm) && Files.isReadable(kvm) && Files.isWritable(kvm);
        // PVM (kvm_pvm, hardware virtualization emulated with page tables, as in nested sandboxes)
        // answers on /dev/kvm but runs only kernels built as PVM guests: Debian's hangs at entry.
        boolean pvmOnly = Files.isDirectory(Path.of("/sys/module/kvm_pvm"))
                && !Files.isDirectory(Path.of("/sys/module/kvm_intel")) && !Files.isDirectory(Path.of("/sys/module/kvm_amd"));
        if (usable && !pvmOnly) return new Accel("kvm", "host", null);
        String why = pvmOnly ? "/dev/kvm is PVM (kvm_pvm), which cannot boot Debian's kernel"
                : Files.exists(kvm) ? "/dev/kvm is not readable and writable by this user" : "/dev/kvm does not exist";
        return new Accel("tcg", "max", "WARNING: " + why + "; the machine runs under QEMU's TCG emulation, "
                + "which is many times slower than KVM");
    }
}
