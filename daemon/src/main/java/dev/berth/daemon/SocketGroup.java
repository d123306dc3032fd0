package dev.berth.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group that may use the API's unix socket ({@code -G/--group}, daemon.json {@code group}): found,
 * or created as a system group, as dockerd's packages create {@code docker}. Being in it is being
 * root on this host, as with dockerd's.
 */
final class SocketGroup {
    private static final Logger LOG = LoggerFactory.getLogger(SocketGroup.class);
    static final String DEFAULT = "berth";

    private SocketGroup() {}

    /**
     * {@code name}, made to exist: a number is taken as it is (a gid needs no entry).
     *
     * @throws IllegalStateException when the group neither exists nor can be created
     */
    static String ensure(String name) {
        if (name.chars().allMatch(Character::isDigit) || exists(name)) {
            return name;
        }
        String why;
        try {
            Process p = new ProcessBuilder("groupadd", "--system", name).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                why = "groupadd did not finish within 30 s";
            } else {
                why = p.exitValue() == 0 ? null : "groupadd --system " + name + ": " + out;
            }
        } catch (IOException e) {
            why = "groupadd --system " + name + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        // another berthd (or an operator) may have made it meanwhile: what counts is that it exists now
        if (exists(name)) {
            if (why == null) {
                LOG.info("created system group {} for the API socket: its members may use berthd", name);
            }
            return name;
        }
        throw new IllegalStateException("cannot create group " + name + " for the API socket (" + why
                + "); create it, or name an existing one with -G/--group");
    }

    static boolean exists(String name) {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
            return true;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot look up group " + name + ": " + e.getMessage(), e);
        }
    }
}
