package dev.berth.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Socket file chores: stale file removal before bind, mode 0660 and group after. */
final class UnixSockets {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSockets.class);

    private UnixSockets() {}

    /** Creates the parent directory and deletes a stale socket (a leftover from a crash). Refuses other files. */
    static void prepare(Path socket) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isRegularFile(socket, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(socket, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(socket + " exists and is not a socket");
            }
            Files.delete(socket);
        }
    }

    /** chmod 0660 and chgrp to the first existing group of {@code preferred}, docker, berth. Best effort. */
    static void restrict(Path socket, String preferred) {
        try {
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot chmod {}: {}", socket, e.getMessage());
        }
        List<String> groups = new ArrayList<>();
        if (preferred != null) {
            groups.add(preferred);
        }
        groups.add("docker");
        groups.add("berth");
        UserPrincipalLookupService lookup = socket.getFileSystem().getUserPrincipalLookupService();
        for (String name : groups) {
            try {
                GroupPrincipal group = lookup.lookupPrincipalByGroupName(name);
                Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(group);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("group {} not applied to {}: {}", name, socket, e.getMessage());
            }
        }
    }

    static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", socket, e.getMessage());
        }
    }
}
