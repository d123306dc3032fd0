import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites jars with every entry stored instead of deflated (issue #17). Run by the daemon's build on
 * its class path ({@code target/lib} and its own jar) as a single-file program:
 * {@code java build/StoreJars.java DIR|JAR...}.
 *
 * <p>Why: the JDK reads a deflated entry through an {@link java.util.zip.Inflater}, and each open jar
 * keeps the inflaters it used, with their native zlib state (~40 KiB each), for as long as the jar is
 * open: for a class path that is the life of the process. berthd opens all ~75 of its jars at start
 * (Pekko's {@code reference.conf} and every {@code ServiceLoader} look in each), so it kept ~155
 * inflaters and ~4.5 MiB of native memory for nothing. A stored entry is read without one.
 *
 * <p>Entries keep their order, names, times, extra fields and comments; the contents are byte for byte
 * the same, so signatures and multi-release layouts still hold. A jar that is stored already is left
 * alone, and a rewritten one gets its old modification time back: the class-data archive made from
 * it stays valid across builds that did not change the dependency.
 */
public final class StoreJars {
    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java StoreJars.java DIR|JAR...");
            System.exit(2);
        }
        int rewritten = 0;
        int stored = 0;
        for (String arg : args) {
            for (Path jar : jars(Path.of(arg))) {
                if (store(jar)) {
                    rewritten++;
                } else {
                    stored++;
                }
            }
        }
        System.out.println("StoreJars: " + rewritten + " jar(s) rewritten with stored entries, " + stored
                + " stored already");
    }

    private static List<Path> jars(Path path) throws IOException {
        List<Path> jars = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (DirectoryStream<Path> dir = Files.newDirectoryStream(path, "*.jar")) {
                dir.forEach(jars::add);
            }
        } else if (Files.isRegularFile(path)) {
            jars.add(path);
        } else {
            throw new IOException(path + ": no such file or directory");
        }
        jars.sort(null);
        return jars;
    }

    /** Rewrites jar with stored entries; false if every entry is stored already. */
    static boolean store(Path jar) throws IOException {
        FileTime modified = Files.getLastModifiedTime(jar);
        Path tmp = jar.resolveSibling(jar.getFileName() + ".storing");
        try (ZipFile in = new ZipFile(jar.toFile())) {
            if (in.stream().allMatch(e -> e.getMethod() == ZipEntry.STORED)) {
                return false;
            }
            try (OutputStream file = Files.newOutputStream(tmp);
                 ZipOutputStream out = new ZipOutputStream(file)) {
                out.setMethod(ZipOutputStream.STORED);
                if (in.getComment() != null) {
                    out.setComment(in.getComment());
                }
                Enumeration<? extends ZipEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    byte[] data;
                    try (InputStream body = in.getInputStream(entry)) {
                        data = body.readAllBytes();
                    }
                    ZipEntry copy = new ZipEntry(entry.getName());
                    copy.setMethod(ZipEntry.STORED);
                    copy.setSize(data.length);
                    copy.setCompressedSize(data.length);
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    copy.setCrc(crc.getValue());
                    copy.setTime(entry.getTime());
                    if (entry.getExtra() != null) {
                        copy.setExtra(entry.getExtra());
                    }
                    if (entry.getComment() != null) {
                        copy.setComment(entry.getComment());
                    }
                    out.putNextEntry(copy);
                    out.write(data);
                    out.closeEntry();
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException(jar + ": " + e.getMessage(), e);
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.setLastModifiedTime(jar, modified);
        return true;
    }
}
