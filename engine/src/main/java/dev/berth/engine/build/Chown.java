package dev.berth.engine.build;

import dev.berth.api.backend.ContainerBackend;
import dev.berth.spi.EngineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * COPY/ADD --chown: {@code uid[:gid]} as numbers, or names looked up in the image's
 * /etc/passwd and /etc/group (read from the step's container). A user without a group gets its
 * own id (a number) or its primary group (a name), as in Docker.
 */
final class Chown {

    private Chown() {
    }

    /** {uid, gid}; root when {@code spec} is empty. */
    static int[] resolve(Optional<String> spec, ContainerBackend containers, String containerId) {
        if (spec.isEmpty() || spec.get().isEmpty()) {
            return new int[] {0, 0};
        }
        String s = spec.get();
        int colon = s.indexOf(':');
        String user = colon < 0 ? s : s.substring(0, colon);
        String group = colon < 0 ? null : s.substring(colon + 1);
        int uid;
        int gid;
        if (isNumber(user)) {
            uid = Integer.parseInt(user);
            gid = uid;
        } else {
            String[] entry = lookup(containers, containerId, "/etc/passwd", user);
            if (entry == null) {
                throw EngineException.invalid("unable to convert uid/gid chown string to host mapping: "
                        + "can't find uid for user " + user + ": no such user: " + user);
            }
            uid = Integer.parseInt(entry[2]);
            gid = Integer.parseInt(entry[3]);
        }
        if (group != null && !group.isEmpty()) {
            if (isNumber(group)) {
                gid = Integer.parseInt(group);
            } else {
                String[] entry = lookup(containers, containerId, "/etc/group", group);
                if (entry == null) {
                    throw EngineException.invalid("unable to convert uid/gid chown string to host mapping: "
                            + "can't find gid for group " + group + ": no such group: " + group);
                }
                gid = Integer.parseInt(entry[2]);
            }
        }
        return new int[] {uid, gid};
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static String[] lookup(ContainerBackend containers, String id, String file, String name) {
        String text;
        try {
            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            containers.archive(id, file, stat -> tar);
            try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
                if (in.getNextEntry() == null) {
                    return null;
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException | EngineException e) {
            return null;
        }
        for (String line : text.split("\n")) {
            String[] f = line.split(":", -1);
            if (f.length >= 3 && f[0].equals(name)) {
                return f;
            }
        }
        return null;
    }
}
