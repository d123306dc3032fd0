package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker cp's stat, archive and extract on a rooted tree; every hostile upload leaves {@code outside} alone. */
class FsCopyTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    RootedFs fs;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "keep");
        Files.createDirectories(root.resolve("dir/sub"));
        Files.writeString(root.resolve("dir/a.txt"), "aaa");
        Files.setPosixFilePermissions(root.resolve("dir/a.txt"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../.."));
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createDirectories(root.resolve("dest"));
        Files.writeString(root.resolve("dest/file"), "f");
        Files.createDirectories(root.resolve("dest/d"));
        fs = new RootedFs(root, List.of());
    }

    private void assertOutsideUntouched() throws IOException {
        try (var s = Files.list(outside)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("secret");
        }
        assertThat(outside.resolve("secret")).hasContent("keep");
    }

    private static void assertInvalid(Runnable r, String message) {
        assertThatThrownBy(r::run).isInstanceOf(EngineException.class).hasMessageContaining(message)
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    private void extract(byte[] tar, boolean noOverwrite) throws IOException {
        FsCopy.extract(FsCopy.destination(fs, "/dest", false), new ByteArrayInputStream(tar), noOverwrite, -1, -1);
    }

    private List<String> names(String path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FsCopy.archive(fs, path, out);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName() + (e.isSymbolicLink() ? " -> " + e.getLinkName() : ""));
            }
        }
        return names;
    }

    @Test
    void stat_file_goModeAndName() throws IOException {
        PathStat s = FsCopy.stat(fs, "dir/a.txt");
        assertThat(s.name()).isEqualTo("a.txt");
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.mode()).isEqualTo(0640);
        assertThat(s.linkTarget()).isEmpty();
    }

    @Test
    void stat_dirAndSymlink_goTypeBits_linkTargetInsideRoot() throws IOException {
        assertThat(FsCopy.stat(fs, "/dir").mode()).isEqualTo((1L << 31) | 0755);
        PathStat link = FsCopy.stat(fs, "/up");
        assertThat(link.mode() & (1L << 27)).isNotZero();
        assertThat(link.linkTarget()).isEqualTo("/");
        assertThat(FsCopy.stat(fs, "/out").linkTarget()).isEqualTo(outside.toString());
        assertThat(FsCopy.stat(fs, "/dir/.").name()).isEqualTo(".");
    }

    @Test
    void stat_missing_noSuchFile() {
        assertThatThrownBy(() -> FsCopy.stat(fs, "/nope")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void goMode_specialFiles() {
        assertThat(PathStat.goMode(0020666)).isEqualTo((1L << 26) | (1L << 21) | 0666);
        assertThat(PathStat.goMode(0010644)).isEqualTo((1L << 25) | 0644);
        assertThat(PathStat.goMode(0104755)).isEqualTo((1L << 23) | 0755);
        assertThat(PathStat.goMode(0041777)).isEqualTo((1L << 31) | (1L << 20) | 0777);
    }

    @Test
    void archive_directory_namedAfterLastElement() throws IOException {
        assertThat(names("/dir")).containsExactly("dir/", "dir/a.txt", "dir/sub/");
        assertThat(names("/dir/.")).containsExactly("./", "./a.txt", "./sub/");
        assertThat(names("/dir/a.txt")).containsExactly("a.txt");
    }

    @Test
    void archive_throughLinkOutOfRoot_readsInsideRoot() throws IOException {
        assertThat(names("/up/dir")).containsExactly("dir/", "dir/a.txt", "dir/sub/");
        assertThat(names("/out")).containsExactly("out -> " + outside);
        assertThatThrownBy(() -> names("/out/secret")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void destination_missingFileOrReadOnly_refusedAsDockerd() throws IOException {
        assertThatThrownBy(() -> FsCopy.destination(fs, "/nope/x", false)).isInstanceOf(NoSuchFileException.class);
        assertInvalid(() -> {
            try {
                FsCopy.destination(fs, "/dir/a.txt", false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "extraction point is not a directory");
        assertInvalid(() -> {
            try {
                FsCopy.destination(fs, "/dest", true);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "container rootfs is marked read-only");
        RootedFs ro = new RootedFs(root, List.of(new RootedFs.MountPoint("/dest", root.resolve("dest"), true)));
        assertInvalid(() -> {
            try {
                FsCopy.destination(ro, "/dest", false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "mounted volume is marked read-only");
    }

    @Test
    void extract_ordinary_andWhiteoutNamesArePlainFiles() throws IOException {
        extract(new TarBuilder().dir("new", 0755).file("new/x", "x").file(".wh.file", "plain").build(), false);
        assertThat(root.resolve("dest/new/x")).hasContent("x");
        assertThat(root.resolve("dest/.wh.file")).hasContent("plain");
        assertThat(root.resolve("dest/file")).hasContent("f");
    }

    @Test
    void extract_absoluteNames_landInDestination() throws IOException {
        extract(new TarBuilder().file(outside.resolve("secret").toString(), "pwned").build(), false);
        assertOutsideUntouched();
        assertThat(root.resolve("dest" + outside + "/secret")).hasContent("pwned");
    }

    @Test
    void extract_dotDot_refused() throws IOException {
        assertInvalid(() -> uncheckedExtract(new TarBuilder().file("../../outside/secret", "x").build()), "outside");
        assertOutsideUntouched();
    }

    @Test
    void extract_symlinkThenWriteThroughIt_resolvedFromTheContainerRoot() throws IOException {
        uncheckedExtract(new TarBuilder().symlink("l", outside.toString()).file("l/secret", "pwned")
                .symlink("r", "../../../../../../..").file("r/evil", "x").build());
        assertOutsideUntouched();
        assertThat(root.resolve(outside.toString().substring(1)).resolve("secret")).hasContent("pwned");
        assertThat(root.resolve("evil")).hasContent("x");
    }

    @Test
    void extract_intoAMountFromAbove_refused_notHiddenUnderIt() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("bindsrc"));
        Files.createDirectories(root.resolve("dest/mnt"));
        RootedFs mounted = new RootedFs(root, List.of(new RootedFs.MountPoint("/dest/mnt", source, false)));
        FsCopy.Destination to = FsCopy.destination(mounted, "/dest", false);
        assertInvalid(() -> FsCopy.extract(to, new ByteArrayInputStream(new TarBuilder().file("mnt/f", "x").build()),
                true, -1, -1), "copying mnt/f into the mount at /dest/mnt from above it is not supported by Berth yet");
        assertInvalid(() -> FsCopy.extract(to, new ByteArrayInputStream(new TarBuilder().symlink("l", "/dest/mnt")
                .file("l/g", "x").build()), true, -1, -1), "into the mount at /dest/mnt");
        assertThat(root.resolve("dest/mnt")).isEmptyDirectory();
    }

    @Test
    void extract_underAMount_landsInItsSource() throws IOException {
        Path source = Files.createDirectories(tmp.resolve("bindsrc"));
        Files.createDirectories(root.resolve("mnt"));
        RootedFs mounted = new RootedFs(root, List.of(new RootedFs.MountPoint("/mnt", source, false)));
        Files.createDirectories(source.resolve("sub"));
        FsCopy.extract(FsCopy.destination(mounted, "/mnt/sub", false),
                new ByteArrayInputStream(new TarBuilder().file("f", "in bind").build()), true, -1, -1);
        assertThat(source.resolve("sub/f")).hasContent("in bind");
        assertThat(root.resolve("mnt/sub")).doesNotExist();
    }

    @Test
    void extract_deviceNode_refused() throws IOException {
        assertInvalid(() -> uncheckedExtract(new TarBuilder().charDevice("null", 1, 3).build()), "device node");
        assertThat(root.resolve("dest/null")).doesNotExist();
    }

    @Test
    void extract_hugePaxHeader_refusedBeforeReadingIt() {
        assertInvalid(() -> uncheckedExtract(special('x', "PaxHeaders/x")), "archive/tar: header field too long");
    }

    @Test
    void extract_hugeGnuLongName_refusedBeforeReadingIt() {
        assertInvalid(() -> uncheckedExtract(special('L', "././@LongLink")), "archive/tar: header field too long");
    }

    /** A header of {@code type} claiming 2 GiB of data, followed by only a little. */
    private static byte[] special(char type, String name) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0000000");
        put(header, 116, "0000000");
        put(header, 124, "20000000000");
        put(header, 136, "00000000000");
        header[156] = (byte) type;
        put(header, 257, "ustar");
        put(header, 263, "00");
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return Arrays.copyOf(header, 512 + 4096);
    }

    @Test
    void extract_truncated_refused_nothingOutside() throws IOException {
        byte[] tar = new TarBuilder().file("big", new byte[100_000], 0644).build();
        assertInvalid(() -> uncheckedExtract(Arrays.copyOf(tar, 20_000)), "truncated");
        assertOutsideUntouched();
    }

    @Test
    void extract_noOverwriteDirNonDir_refusesBothWays() throws IOException {
        assertInvalid(() -> uncheckedExtract(new TarBuilder().file("d", "x").build(), true),
                "cannot overwrite directory \"/dest/d\" with non-directory \"d\"");
        assertInvalid(() -> uncheckedExtract(new TarBuilder().dir("file", 0755).build(), true),
                "cannot overwrite non-directory \"/dest/file\" with directory \"file/\"");
        uncheckedExtract(new TarBuilder().file("d", "x").build(), false);
        assertThat(root.resolve("dest/d")).hasContent("x");
    }

    @Test
    void extract_gzipped_accepted() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(new TarBuilder().file("z", "zipped").build());
        }
        extract(gz.toByteArray(), false);
        assertThat(root.resolve("dest/z")).hasContent("zipped");
    }

    private void uncheckedExtract(byte[] tar) {
        uncheckedExtract(tar, false);
    }

    private void uncheckedExtract(byte[] tar, boolean noOverwrite) {
        try {
            extract(tar, noOverwrite);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(byte[] header, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, at, b.length);
    }
}
