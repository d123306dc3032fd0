package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether this host can execute a container's program: the ELF machine of the program (found in the
 * container's rootfs as the kernel would: {@code PATH}, symlinks inside the rootfs, one {@code #!}
 * interpreter) against the host's own, and otherwise against the emulators registered in
 * {@code binfmt_misc} (qemu-user-static registers {@code qemu-aarch64} and friends there). A program
 * for another architecture with no emulator fails the start with a message that names both
 * platforms, instead of runc's bare "exec format error".
 *
 * <p>Only a certain mismatch is reported: a program that cannot be found or read, or is not ELF, is
 * left to runc (which has Docker's words for those).
 */
final class ExecPlatform {
    static final Path BINFMT_MISC = Path.of("/proc/sys/fs/binfmt_misc");
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final int MAX_LINKS = 40;

    // ELF e_machine values (elf.h)
    static final int EM_386 = 3;
    static final int EM_MIPS = 8;
    static final int EM_PPC = 20;
    static final int EM_PPC64 = 21;
    static final int EM_S390 = 22;
    static final int EM_ARM = 40;
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    static final int EM_RISCV = 243;
    static final int EM_LOONGARCH = 258;

    private final Path binfmtDir;
    private final String hostArch;

    /** @param hostArch Go's name for the host architecture ({@code amd64}, {@code arm64}, …) */
    ExecPlatform(Path binfmtDir, String hostArch) {
        this.binfmtDir = binfmtDir;
        this.hostArch = hostArch;
    }

    static ExecPlatform forHost(Path binfmtDir) {
        return new ExecPlatform(binfmtDir, hostArchitecture());
    }

    /** Go's GOARCH for the JVM's {@code os.arch}. */
    static String hostArchitecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            default -> arch;
        };
    }

    String hostPlatform() {
        return "linux/" + hostArch;
    }

    /** An ELF header's facts: its machine, class (64-bit) and byte order. */
    record Elf(int machine, boolean is64, boolean bigEndian) {
        /** Docker's name for the platform such a program is built for, e.g. {@code linux/arm64}. */
        String platform() {
            return "linux/" + switch (machine) {
                case EM_386 -> "386";
                case EM_X86_64 -> "amd64";
                case EM_AARCH64 -> "arm64";
                case EM_ARM -> "arm";
                case EM_PPC64 -> bigEndian ? "ppc64" : "ppc64le";
                case EM_PPC -> "ppc";
                case EM_S390 -> is64 ? "s390x" : "s390";
                case EM_RISCV -> is64 ? "riscv64" : "riscv32";
                case EM_MIPS -> (is64 ? "mips64" : "mips") + (bigEndian ? "" : "le");
                case EM_LOONGARCH -> "loong64";
                default -> "elf-machine-" + machine;
            };
        }
    }

    /** The ELF facts of a header, or empty when it is not ELF (or too short). */
    static Optional<Elf> elf(byte[] header) {
        if (header.length < 20 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
            return Optional.empty();
        }
        boolean is64 = header[4] == 2;
        boolean big = header[5] == 2;
        int lo = header[18] & 0xff;
        int hi = header[19] & 0xff;
        return Optional.of(new Elf(big ? (lo << 8) | hi : (hi << 8) | lo, is64, big));
    }

    /** Whether the host's CPU runs programs of this machine natively. */
    boolean runsNatively(Elf elf) {
        return switch (hostArch) {
            case "amd64" -> elf.machine() == EM_X86_64 || elf.machine() == EM_386;
            case "386" -> elf.machine() == EM_386;
            // many arm64 CPUs also run 32-bit arm; when they don't, runc's own error stands
            case "arm64" -> elf.machine() == EM_AARCH64 || elf.machine() == EM_ARM;
            case "arm" -> elf.machine() == EM_ARM;
            default -> archOf(elf.machine()).equals(hostArch);
        };
    }

    private static String archOf(int machine) {
        String p = new Elf(machine, true, false).platform();
        return p.substring("linux/".length());
    }

    /** One {@code binfmt_misc} entry, as the kernel shows it. */
    record Entry(String name, boolean enabled, String interpreter, String flags, int offset, byte[] magic,
                 byte[] mask) {
        /** Whether this entry's magic matches a file starting with {@code header}. */
        boolean matches(byte[] header) {
            if (magic == null || offset + magic.length > header.length) {
                return false;
            }
            for (int i = 0; i < magic.length; i++) {
                int m = mask == null ? 0xff : mask[i] & 0xff;
                if ((header[offset + i] & m) != (magic[i] & m)) {
                    return false;
                }
            }
            return true;
        }

        /** With the F flag the kernel opened the interpreter at registration: it works in any mount namespace. */
        boolean fixBinary() {
            return flags.contains("F");
        }
    }

    /** Parses an entry file's text; null for extension-based entries (they never match a program). */
    static Entry parseEntry(String name, String text) {
        boolean enabled = false;
        String interpreter = "";
        String flags = "";
        int offset = 0;
        byte[] magic = null;
        byte[] mask = null;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.equals("enabled")) {
                enabled = true;
            } else if (l.startsWith("interpreter ")) {
                interpreter = l.substring("interpreter ".length()).strip();
            } else if (l.startsWith("flags:")) {
                flags = l.substring("flags:".length()).strip();
            } else if (l.startsWith("offset ")) {
                offset = Integer.parseInt(l.substring("offset ".length()).strip());
            } else if (l.startsWith("magic ")) {
                magic = HexFormat.of().parseHex(l.substring("magic ".length()).strip());
            } else if (l.startsWith("mask ")) {
                mask = HexFormat.of().parseHex(l.substring("mask ".length()).strip());
            } else if (l.startsWith("extension ")) {
                return null;
            }
        }
        if (mask != null && magic != null && mask.length != magic.length) {
            mask = null;
        }
        return new Entry(name, enabled, interpreter, flags, offset, magic, mask);
    }

    /** The registered entries (none when binfmt_misc is not mounted or is disabled as a whole). */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try {
            Path status = binfmtDir.resolve("status");
            if (Files.isRegularFile(status) && Files.readString(status).strip().equals("disabled")) {
                return out;
            }
            try (Stream<Path> s = Files.list(binfmtDir)) {
                for (Path p : s.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.equals("status") || name.equals("register") || !Files.isRegularFile(p)) {
                        continue;
                    }
                    try {
                        Entry e = parseEntry(name, Files.readString(p, StandardCharsets.ISO_8859_1));
                        if (e != null) {
                            out.add(e);
                        }
                    } catch (IOException | RuntimeException unreadable) {
                        // an entry removed meanwhile, or one we cannot parse: not an emulator we can count on
                    }
                }
            }
        } catch (IOException notMounted) {
            return out;
        }
        return out;
    }

    /**
     * The enabled entry that would run a program with this header inside {@code rootfs}: one with
     * the F flag, or whose interpreter exists in the rootfs (the kernel opens it there at exec).
     */
    Optional<Entry> emulatorFor(byte[] header, Path rootfs) {
        for (Entry e : entries()) {
            if (e.enabled() && e.matches(header)
                    && (e.fixBinary() || rootfs == null || resolve(rootfs, e.interpreter()).isPresent())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks that the container's program can run on this host.
     *
     * @throws EngineException INVALID_ARGUMENT naming the program's platform and the host's when it
     *     cannot (no emulator registered for it)
     */
    void check(Path rootfs, List<String> args, List<String> env, String workingDir) {
        if (args == null || args.isEmpty()) {
            return;
        }
        Optional<Path> program = find(rootfs, args.get(0), env, workingDir);
        if (program.isEmpty()) {
            return;
        }
        byte[] header = head(program.get());
        if (header.length >= 2 && header[0] == '#' && header[1] == '!') {
            Optional<Path> interp = interpreter(header).flatMap(i -> resolve(rootfs, i));
            if (interp.isEmpty()) {
                return;
            }
            header = head(interp.get());
        }
        Optional<Elf> elf = elf(header);
        if (elf.isEmpty() || runsNatively(elf.get()) || emulatorFor(header, rootfs).isPresent()) {
            return;
        }
        throw EngineException.invalid(mismatch(elf.get().platform()));
    }

    /** The message of a start that cannot run: Docker's platform names and what to install. */
    String mismatch(String imagePlatform) {
        return "image platform " + imagePlatform + " does not match the host (" + hostPlatform()
                + ") and no emulator is registered for it (install qemu-user-static)";
    }

    private static Optional<String> interpreter(byte[] header) {
        String line = new String(header, StandardCharsets.ISO_8859_1);
        int nl = line.indexOf('\n');
        if (nl < 0) {
            return Optional.empty();
        }
        String cmd = line.substring(2, nl).strip();
        if (cmd.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(cmd.split("[ \t]+")[0]);
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(256);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** The program as the kernel would find it: a path (relative to the working dir) or a PATH search. */
    static Optional<Path> find(Path rootfs, String program, List<String> env, String workingDir) {
        if (program.contains("/")) {
            String abs = program.startsWith("/") ? program
                    : (workingDir == null || workingDir.isEmpty() ? "/" : workingDir) + "/" + program;
            return resolve(rootfs, abs).filter(Files::isRegularFile);
        }
        String path = DEFAULT_PATH;
        if (env != null) {
            for (String e : env) {
                if (e.startsWith("PATH=")) {
                    path = e.substring(5);
                }
            }
        }
        for (String dir : path.split(":")) {
            if (dir.isEmpty() || !dir.startsWith("/")) {
                continue;
            }
            Optional<Path> p = resolve(rootfs, dir + "/" + program).filter(Files::isRegularFile);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /**
     * {@code path} inside {@code rootfs} with every symlink followed as if rootfs were {@code /}
     * (absolute targets and {@code ..} never leave it); empty when it does not exist.
     */
    static Optional<Path> resolve(Path rootfs, String path) {
        List<String> pending = new ArrayList<>(List.of(path.split("/")));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.remove(0);
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path here = join(rootfs, done).resolve(part);
            if (Files.isSymbolicLink(here)) {
                if (++links > MAX_LINKS) {
                    return Optional.empty();
                }
                String target;
                try {
                    target = Files.readSymbolicLink(here).toString();
                } catch (IOException e) {
                    return Optional.empty();
                }
                if (target.startsWith("/")) {
                    done.clear();
                }
                pending.addAll(0, List.of(target.split("/")));
                continue;
            }
            if (!Files.exists(here, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            done.add(part);
        }
        return Optional.of(join(rootfs, done));
    }

    private static Path join(Path rootfs, List<String> parts) {
        Path p = rootfs;
        for (String s : parts) {
            p = p.resolve(s);
        }
        return p;
    }
}
