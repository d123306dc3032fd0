package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecPlatformTest {

    /** What Debian's qemu-user-static registers for aarch64 (update-binfmts, flags PF). */
    static final String QEMU_AARCH64 = """
            enabled
            interpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P
            flags: PF
            offset 0
            magic 7f454c460201010000000000000000000200b700
            mask ffffffffffffff00fffffffffffffffffeffffff
            """;

    @TempDir
    Path tmp;
    Path rootfs;
    Path binfmt;

    @BeforeEach
    void setUp() throws IOException {
        rootfs = Files.createDirectories(tmp.resolve("rootfs"));
        binfmt = Files.createDirectories(tmp.resolve("binfmt_misc"));
        Files.writeString(binfmt.resolve("status"), "enabled\n");
        Files.writeString(binfmt.resolve("register"), "");
        Files.createDirectories(rootfs.resolve("bin"));
    }

    /** A 64-byte little-endian ELF64 header for e_machine. */
    static byte[] elf64(int machine) {
        byte[] h = new byte[64];
        h[0] = 0x7f;
        h[1] = 'E';
        h[2] = 'L';
        h[3] = 'F';
        h[4] = 2; // ELFCLASS64
        h[5] = 1; // little endian
        h[6] = 1;
        h[16] = 2; // ET_EXEC
        h[18] = (byte) (machine & 0xff);
        h[19] = (byte) (machine >> 8);
        return h;
    }

    private void busybox(byte[] header) throws IOException {
        Files.write(rootfs.resolve("bin/busybox"), header);
        Files.createSymbolicLink(rootfs.resolve("bin/uname"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/sh"), Path.of("busybox"));
    }

    private ExecPlatform amd64() {
        return new ExecPlatform(binfmt, "amd64");
    }

    @Test
    void elf_readsMachineClassAndByteOrder() {
        assertThat(ExecPlatform.elf(elf64(ExecPlatform.EM_AARCH64))).get()
                .isEqualTo(new ExecPlatform.Elf(183, true, false));
        assertThat(ExecPlatform.elf(elf64(ExecPlatform.EM_AARCH64)).get().platform()).isEqualTo("linux/arm64");
        assertThat(ExecPlatform.elf(elf64(ExecPlatform.EM_X86_64)).get().platform()).isEqualTo("linux/amd64");
        assertThat(ExecPlatform.elf(elf64(ExecPlatform.EM_PPC64)).get().platform()).isEqualTo("linux/ppc64le");
        byte[] be = elf64(0);
        be[5] = 2;
        be[18] = 0;
        be[19] = 22; // s390x is big endian
        assertThat(ExecPlatform.elf(be).get().platform()).isEqualTo("linux/s390x");
        assertThat(ExecPlatform.elf("#!/bin/sh\n".getBytes())).isEmpty();
        assertThat(ExecPlatform.elf(new byte[3])).isEmpty();
    }

    @Test
    void parseEntry_qemuAarch64_matchesAnArm64ElfOnly() {
        ExecPlatform.Entry e = ExecPlatform.parseEntry("qemu-aarch64", QEMU_AARCH64);
        assertThat(e.enabled()).isTrue();
        assertThat(e.fixBinary()).isTrue();
        assertThat(e.interpreter()).isEqualTo("/usr/libexec/qemu-binfmt/aarch64-binfmt-P");
        assertThat(e.matches(elf64(ExecPlatform.EM_AARCH64))).isTrue();
        assertThat(e.matches(elf64(ExecPlatform.EM_X86_64))).isFalse();
        assertThat(e.matches(new byte[4])).isFalse();
        assertThat(ExecPlatform.parseEntry("jar", "enabled\ninterpreter /usr/bin/jexec\nflags: \nextension .jar\n"))
                .isNull();
    }

    @Test
    void check_nativeProgram_passes() throws IOException {
        busybox(elf64(ExecPlatform.EM_X86_64));
        assertThatCode(() -> amd64().check(rootfs, List.of("uname", "-m"), List.of(), "/")).doesNotThrowAnyException();
    }

    @Test
    void check_foreignProgram_noEmulator_namesBothPlatforms() throws IOException {
        busybox(elf64(ExecPlatform.EM_AARCH64));
        assertThatThrownBy(() -> amd64().check(rootfs, List.of("uname", "-m"),
                List.of("PATH=/usr/bin:/bin"), "/"))
                .isInstanceOf(EngineException.class)
                .hasMessage("image platform linux/arm64 does not match the host (linux/amd64) and no emulator is "
                        + "registered for it (install qemu-user-static)")
                .satisfies(e -> assertThat(((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void check_foreignProgram_withRegisteredEmulator_passes() throws IOException {
        busybox(elf64(ExecPlatform.EM_AARCH64));
        Files.writeString(binfmt.resolve("qemu-aarch64"), QEMU_AARCH64);
        assertThatCode(() -> amd64().check(rootfs, List.of("/bin/sh", "-c", "uname -m"), List.of(), "/"))
                .doesNotThrowAnyException();
    }

    @Test
    void check_emulatorDisabled_orBinfmtDisabled_orNotMounted_fails() throws IOException {
        busybox(elf64(ExecPlatform.EM_AARCH64));
        Files.writeString(binfmt.resolve("qemu-aarch64"), QEMU_AARCH64.replace("enabled", "disabled"));
        assertThatThrownBy(() -> amd64().check(rootfs, List.of("uname"), List.of(), "/"))
                .hasMessageContaining("linux/arm64");

        Files.writeString(binfmt.resolve("qemu-aarch64"), QEMU_AARCH64);
        Files.writeString(binfmt.resolve("status"), "disabled\n");
        assertThatThrownBy(() -> amd64().check(rootfs, List.of("uname"), List.of(), "/"))
                .hasMessageContaining("linux/arm64");

        assertThatThrownBy(() -> new ExecPlatform(tmp.resolve("not-mounted"), "amd64")
                .check(rootfs, List.of("uname"), List.of(), "/"))
                .hasMessageContaining("no emulator is registered");
    }

    @Test
    void check_emulatorWithoutFixBinary_needsItsInterpreterInTheRootfs() throws IOException {
        busybox(elf64(ExecPlatform.EM_AARCH64));
        Files.writeString(binfmt.resolve("qemu-aarch64"), QEMU_AARCH64.replace("flags: PF", "flags: P")
                .replace("/usr/libexec/qemu-binfmt/aarch64-binfmt-P", "/usr/bin/qemu-aarch64-static"));
        assertThatThrownBy(() -> amd64().check(rootfs, List.of("uname"), List.of(), "/"))
                .hasMessageContaining("linux/arm64");
        Files.createDirectories(rootfs.resolve("usr/bin"));
        Files.write(rootfs.resolve("usr/bin/qemu-aarch64-static"), elf64(ExecPlatform.EM_X86_64));
        assertThatCode(() -> amd64().check(rootfs, List.of("uname"), List.of(), "/")).doesNotThrowAnyException();
    }

    @Test
    void check_script_looksAtItsInterpreter() throws IOException {
        busybox(elf64(ExecPlatform.EM_AARCH64));
        Files.writeString(rootfs.resolve("bin/run.sh"), "#!/bin/sh -e\necho hi\n");
        assertThatThrownBy(() -> amd64().check(rootfs, List.of("run.sh"), List.of(), "/"))
                .hasMessageContaining("image platform linux/arm64");
    }

    @Test
    void check_unknownProgramOrNonElf_isLeftToRunc() throws IOException {
        busybox(elf64(ExecPlatform.EM_AARCH64));
        Files.writeString(rootfs.resolve("bin/data"), "plain text");
        assertThatCode(() -> amd64().check(rootfs, List.of("missing"), List.of(), "/")).doesNotThrowAnyException();
        assertThatCode(() -> amd64().check(rootfs, List.of("/bin/data"), List.of(), "/")).doesNotThrowAnyException();
        assertThatCode(() -> amd64().check(rootfs, List.of(), List.of(), "/")).doesNotThrowAnyException();
    }

    @Test
    void check_arm64Host_runsArm64AndNotAmd64() throws IOException {
        busybox(elf64(ExecPlatform.EM_X86_64));
        ExecPlatform arm64 = new ExecPlatform(binfmt, "arm64");
        assertThatThrownBy(() -> arm64.check(rootfs, List.of("uname"), List.of(), "/"))
                .hasMessage("image platform linux/amd64 does not match the host (linux/arm64) and no emulator is "
                        + "registered for it (install qemu-user-static)");
        assertThat(arm64.runsNatively(new ExecPlatform.Elf(ExecPlatform.EM_AARCH64, true, false))).isTrue();
    }

    @Test
    void resolve_followsSymlinksInsideTheRootfs_neverOutside() throws IOException {
        Files.writeString(rootfs.resolve("bin/real"), "x");
        Files.createSymbolicLink(rootfs.resolve("bin/abs"), Path.of("/bin/real"));
        Files.createSymbolicLink(rootfs.resolve("bin/up"), Path.of("../../../../bin/real"));
        Files.createSymbolicLink(rootfs.resolve("bin/loop"), Path.of("loop"));
        Files.createSymbolicLink(rootfs.resolve("usr"), Path.of("/"));
        assertThat(ExecPlatform.resolve(rootfs, "/bin/abs")).contains(rootfs.resolve("bin/real"));
        assertThat(ExecPlatform.resolve(rootfs, "/bin/up")).contains(rootfs.resolve("bin/real"));
        assertThat(ExecPlatform.resolve(rootfs, "/usr/bin/abs")).contains(rootfs.resolve("bin/real"));
        assertThat(ExecPlatform.resolve(rootfs, "/bin/loop")).isEmpty();
        assertThat(ExecPlatform.resolve(rootfs, "/nope")).isEmpty();
    }

    @Test
    void realHost_entriesParseWhereverBinfmtIsMounted() {
        // Whatever this machine has registered parses (or there is nothing): never throws.
        ExecPlatform host = ExecPlatform.forHost(ExecPlatform.BINFMT_MISC);
        assertThatCode(host::entries).doesNotThrowAnyException();
        assertThat(host.hostPlatform()).startsWith("linux/");
        assertThat(HexFormat.of().formatHex(elf64(183), 18, 20)).isEqualTo("b700");
    }
}
