package dev.berth.driver.runc;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns Docker's {@code --user} value into ids the way runc's {@code GetExecUser} does, reading the
 * container's own /etc/passwd and /etc/group (never the host's).
 */
final class UserResolver {

    /** A resolved user. */
    record User(long uid, long gid, List<Long> additionalGids, String home) {
        User {
            additionalGids = List.copyOf(additionalGids);
        }
    }

    private record PasswdEntry(String name, long uid, long gid, String home) {}

    private record GroupEntry(String name, long gid, List<String> members) {}

    private final List<PasswdEntry> passwd;
    private final List<GroupEntry> groups;

    private UserResolver(List<String> passwdLines, List<String> groupLines) {
        this.passwd = passwdLines != null ? parsePasswd(passwdLines) : List.of();
        this.groups = groupLines != null ? parseGroups(groupLines) : List.of();
    }

    /** Reads the rootfs's files; a missing one (or a symlink, which could point out of the rootfs) counts as absent. */
    static UserResolver forRootfs(Path rootfs) {
        return new UserResolver(readLines(rootfs.resolve("etc/passwd")), readLines(rootfs.resolve("etc/group")));
    }

    static UserResolver of(String passwdContent, String groupContent) {
        return new UserResolver(
                passwdContent == null ? null : passwdContent.lines().toList(),
                groupContent == null ? null : groupContent.lines().toList());
    }

    /**
     * @param spec {@code ""}, {@code uid}, {@code uid:gid}, {@code name}, {@code name:group}
     * @throws EngineException INVALID_ARGUMENT with Docker's wording when a name is unknown
     */
    User resolve(String spec) {
        int colon = spec.indexOf(':');
        String userPart = colon >= 0 ? spec.substring(0, colon) : spec;
        String groupArg = colon >= 0 ? spec.substring(colon + 1) : "";
        String userArg = userPart.isEmpty() ? "0" : userPart;
        Optional<Long> numericUid = parseId(userArg);
        Optional<PasswdEntry> entry = passwd.stream()
                .filter(p -> numericUid.map(u -> p.uid() == u).orElse(p.name().equals(userArg)))
                .findFirst();
        if (entry.isEmpty() && numericUid.isEmpty()) {
            throw EngineException.invalid("unable to find user " + userArg + ": no matching entries in passwd file");
        }
        long uid = entry.map(PasswdEntry::uid).orElseGet(numericUid::get);
        long gid = entry.map(PasswdEntry::gid).orElse(0L);
        String home = entry.map(PasswdEntry::home).orElse("/");
        List<Long> extra = new ArrayList<>();
        if (!groupArg.isEmpty()) {
            String g = groupArg;
            Optional<Long> numericGid = parseId(g);
            Optional<GroupEntry> group = groups.stream()
                    .filter(e -> numericGid.map(n -> e.gid() == n).orElse(e.name().equals(g)))
                    .findFirst();
            if (group.isEmpty() && numericGid.isEmpty()) {
                throw EngineException.invalid("unable to find group " + g + ": no matching entries in group file");
            }
            gid = group.map(GroupEntry::gid).orElseGet(numericGid::get);
        } else if (entry.isPresent()) {
            String name = entry.get().name();
            for (GroupEntry e : groups) {
                if (e.members().contains(name) && !extra.contains(e.gid())) {
                    extra.add(e.gid());
                }
            }
        }
        return new User(uid, gid, extra, home);
    }

    /**
     * {@code user} with {@code --group-add}'s groups after the user's own, as dockerd adds them: a group
     * named or numbered in /etc/group counts once; a number not listed there is taken as it is.
     *
     * @throws EngineException INVALID_ARGUMENT with Docker's wording when a name is unknown
     */
    User resolve(String spec, List<String> groupAdd) {
        User user = resolve(spec);
        if (groupAdd.isEmpty()) {
            return user;
        }
        List<Long> extra = new ArrayList<>(user.additionalGids());
        List<Long> added = new ArrayList<>();
        for (String wanted : groupAdd) {
            Optional<GroupEntry> listed = groups.stream()
                    .filter(g -> (g.name().equals(wanted) || Long.toString(g.gid()).equals(wanted))
                            && !added.contains(g.gid()))
                    .findFirst();
            long gid;
            if (listed.isPresent()) {
                gid = listed.get().gid();
            } else {
                long number;
                try {
                    number = Long.parseLong(wanted);
                } catch (NumberFormatException e) {
                    throw EngineException.invalid("Unable to find group " + wanted + ": no matching entries in group file");
                }
                if (number < 0 || number > Integer.MAX_VALUE) {
                    throw EngineException.invalid("uids and gids must be in range 0-" + Integer.MAX_VALUE);
                }
                gid = number;
            }
            if (!added.contains(gid)) {
                added.add(gid);
            }
        }
        for (long gid : added) {
            if (!extra.contains(gid)) {
                extra.add(gid);
            }
        }
        return new User(user.uid(), user.gid(), extra, user.home());
    }

    private static Optional<Long> parseId(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> readLines(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<PasswdEntry> parsePasswd(List<String> lines) {
        List<PasswdEntry> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (line.isBlank() || line.startsWith("#") || f.length < 4) {
                continue;
            }
            Optional<Long> uid = parseId(f[2]);
            Optional<Long> gid = parseId(f[3]);
            if (uid.isPresent() && gid.isPresent()) {
                out.add(new PasswdEntry(f[0], uid.get(), gid.get(), f.length > 5 && !f[5].isEmpty() ? f[5] : "/"));
            }
        }
        return out;
    }

    private static List<GroupEntry> parseGroups(List<String> lines) {
        List<GroupEntry> out = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(":", -1);
            if (line.isBlank() || line.startsWith("#") || f.length < 3) {
                continue;
            }
            Optional<Long> gid = parseId(f[2]);
            if (gid.isEmpty()) {
                continue;
            }
            List<String> members = f.length > 3 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
            out.add(new GroupEntry(f[0], gid.get(), members.stream().map(String::trim).toList()));
        }
        return out;
    }
}
