package dev.berth.engine;

import dev.berth.image.RootedFs;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;

/**
 * The uid and gid {@code docker cp -a} gives copied files: those of the container's configured user,
 * names looked up in the container's own {@code /etc/passwd} and {@code /etc/group} (read inside its
 * root). No configured user keeps the archive's owners, as dockerd does.
 */
final class ContainerUser {
    /** A passwd or group file larger than this is not a real one: refuse rather than read it all. */
    private static final int MAX_FILE = 4 * 1024 * 1024;

    private ContainerUser() {}

    /** {uid, gid}; {-1, -1} when the container has no user. */
    static int[] lookup(RootedFs fs, String user) throws IOException {
        if (user == null || user.isEmpty()) {
            return new int[] {-1, -1};
        }
        String[] parts = user.split(":", 2);
        String[] passwd = entry(fs, "/etc/passwd", parts[0], 2);
        int uid;
        int gid;
        if (passwd != null) {
            uid = Integer.parseInt(passwd[2]);
            gid = Integer.parseInt(passwd[3]);
        } else if (parts[0].matches("\\d+")) {
            uid = Integer.parseInt(parts[0]);
            gid = uid == 0 ? 0 : uid;
        } else {
            throw EngineException.invalid("unable to find user " + parts[0] + ": no matching entries in passwd file");
        }
        if (parts.length == 2 && !parts[1].isEmpty()) {
            String[] group = entry(fs, "/etc/group", parts[1], 2);
            if (group != null) {
                gid = Integer.parseInt(group[2]);
            } else if (parts[1].matches("\\d+")) {
                gid = Integer.parseInt(parts[1]);
            } else {
                throw EngineException.invalid("unable to find group " + parts[1] + ": no matching entries in group file");
            }
        }
        return new int[] {uid, gid};
    }

    /** The line whose name (or, for a number, id column {@code idColumn}) matches, split on ':'. */
    private static String[] entry(RootedFs fs, String file, String who, int idColumn) throws IOException {
        RootedFs.Resolved r;
        try {
            r = fs.resolve(file, true);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!r.exists() || !r.attrs().isRegularFile()) {
            return null;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(r.host())) {
            bytes = in.readNBytes(MAX_FILE);
        }
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length < 4) {
                continue;
            }
            if (f[0].equals(who) || (who.matches("\\d+") && f[idColumn].equals(who))) {
                return f;
            }
        }
        return null;
    }
}
