package dev.berth.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tars in memory for tests, hostile ones included (names are written as given). */
final class TarBuilder {
    static final Instant MTIME = Instant.parse("2020-01-02T03:04:05Z");
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream out = new TarArchiveOutputStream(bytes);

    TarBuilder() {
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    TarBuilder dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        e.setMode(040000 | mode);
        return put(e, null);
    }

    TarBuilder file(String name, String content) {
        return file(name, content, 0644);
    }

    TarBuilder file(String name, String content, int mode) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    TarBuilder file(String name, byte[] content, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(0100000 | mode);
        e.setSize(content.length);
        return put(e, content);
    }

    TarBuilder symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        e.setMode(0120777);
        return put(e, null);
    }

    TarBuilder hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        e.setMode(0100644);
        return put(e, null);
    }

    TarBuilder charDevice(String name, int major, int minor) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        e.setDevMajor(major);
        e.setDevMinor(minor);
        e.setMode(020666);
        return put(e, null);
    }

    TarBuilder fifo(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_FIFO, true);
        e.setMode(010644);
        return put(e, null);
    }

    private TarBuilder put(TarArchiveEntry e, byte[] content) {
        try {
            e.setModTime(Date.from(MTIME));
            out.putArchiveEntry(e);
            if (content != null) {
                out.write(content);
            }
            out.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    byte[] build() {
        try {
            out.finish();
            out.close();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
