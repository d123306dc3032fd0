package dev.berth.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Socket file chores: stale file removal before bind, mode 0660 and the configured group after. */
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

    /**
     * chmod 0660 and chgrp to {@code group} (a name or a number): who may use the API is who is in that
     * group. A group that cannot be applied fails the start, as dockerd's does: a socket left to root's
     * group would lock out the users the operator meant to let in. Null leaves the group as created.
     */
    static void restrict(Path socket, String group) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        if (group == null) {
            return;
        }
        UserPrincipalLookupService lookup = socket.getFileSystem().getUserPrincipalLookupService();
        GroupPrincipal principal;
        try {
            principal = lookup.lookupPrincipalByGroupName(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new IOException("group " + group + " not found for " + socket, e);
        }
        Files.getFileAttributeView(socket, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(principal);
    }

    static void remove(Path socket) {
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", socket, e.getMessage());
        }
    }
}
