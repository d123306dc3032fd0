package dev.berth.cli.machine;

import java.nio.file.Files;
import java.nio.file.Path;

/** Which accelerator QEMU gets: KVM where /dev/kvm is usable, HVF on macOS, else TCG (slow, with a warning). */
record Accel(String name, String cpu, String warning) {
    static Accel choose() {
        return choose(System.getProperty("os.name", ""), Path.of("/dev/kvm"), Path.of("/sys/module"));
    }

    /** The choice for an OS name, a KVM device node and the kernel's module directory (parameters for the tests). */
    static Accel choose(String osName, Path kvm, Path modules) {
        if (osName.toLowerCase().contains("mac")) return new Accel("hvf", "host", null);
        boolean usable = Files.exists(kvm) && Files.isReadable(kvm) && Files.isWritable(kvm);
        // PVM (kvm_pvm, hardware virtualization emulated with page tables, as in nested sandboxes)
        // answers on /dev/kvm but runs only kernels built as PVM guests: Debian's hangs at entry.
        boolean pvmOnly = Files.isDirectory(modules.resolve("kvm_pvm"))
                && !Files.isDirectory(modules.resolve("kvm_intel")) && !Files.isDirectory(modules.resolve("kvm_amd"));
        if (usable && !pvmOnly) return new Accel("kvm", "host", null);
        String why = pvmOnly ? kvm + " is PVM (kvm_pvm), which cannot boot Debian's kernel"
                : Files.exists(kvm) ? kvm + " is not readable and writable by this user" : kvm + " does not exist";
        return new Accel("tcg", "max", "WARNING: " + why + "; the machine runs under QEMU's TCG emulation, "
                + "which is many times slower than KVM");
    }
}
