package dev.berth.driver.local;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mount(8), umount(8) and {@code /proc/self/mountinfo}. The JDK cannot call mount(2) and this driver
 * depends on the SPI alone; util-linux's {@code mount} takes dockerd's {@code type}/{@code o}/
 * {@code device} triple unchanged and runs the filesystem's helper (mount.nfs, mount.cifs) as needed.
 */
final class HostMounts {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final long TIMEOUT_SECONDS = 120;
    /** umount2's MNT_DETACH, which dockerd unmounts volumes with (and {@code umount -l} passes). */
    private static final long MNT_DETACH = 0x2;

    /**
     * Mounts {@code device} of {@code type} on {@code target}.
     *
     * @throws EngineException INTERNAL with dockerd's wording ({@code failed to mount local volume: …})
     */
    void mount(LocalOptions options, Path target) {
        String device = options.device();
        if (device == null || device.isEmpty()) {
            throw EngineException.internal("failed to mount local volume: missing device in volume options", null);
        }
        MountFlags flags = MountFlags.parse(options.o());
        // mount(8) words a missing bind source its own way; dockerd's mount(2) says ENOENT
        if (flags.bind() && !Files.exists(Path.of(device))) {
            throw failed(options, flags, target, "no such file or directory");
        }
        List<String> cmd = new ArrayList<>(List.of("mount"));
        if (options.type() != null && !options.type().isEmpty()) {
            cmd.addAll(List.of("-t", options.type()));
        }
        if (options.o() != null && !options.o().isEmpty()) {
            cmd.addAll(List.of("-o", options.o()));
        }
        cmd.addAll(List.of(device, target.toString()));
        String error = run(cmd);
        if (error != null) {
            throw failed(options, flags, target, error);
        }
    }

    private static EngineException failed(LocalOptions options, MountFlags flags, Path target, String cause) {
        String message = "failed to mount local volume: " + flags.mountError(options.device(), target.toString(), cause);
        return EngineException.internal(hidePassword(message, options.o()), null);
    }

    /** dockerd never shows a CIFS password in an error. */
    private static String hidePassword(String message, String o) {
        if (o == null) {
            return message;
        }
        for (String word : o.split(",")) {
            if (word.startsWith("password=") && word.length() > "password=".length()) {
                message = message.replace(word, "password=********");
            }
        }
        return message;
    }

    /** Detaches whatever is mounted on {@code target}; nothing mounted is not an error. */
    void unmount(Path target) {
        if (mountsAt(target) == 0) {
            return;
        }
        String error = run(List.of("umount", "-l", target.toString()));
        if (error != null && mountsAt(target) > 0) {
            throw EngineException.internal("umount " + target + ", flags: 0x" + Long.toHexString(MNT_DETACH) + ": "
                    + error, null);
        }
    }

    /** How many mounts sit on exactly {@code path} (stacked mounts count each). */
    int mountsAt(Path path) {
        String want = canonical(path);
        return (int) mountPoints().stream().filter(want::equals).count();
    }

    /** The mount points at or below {@code dir}, deepest first. */
    List<String> mountsUnder(Path dir) {
        String root = canonical(dir);
        return mountPoints().stream()
                .filter(p -> p.equals(root) || p.startsWith(root + "/"))
                .sorted((a, b) -> b.length() - a.length())
                .toList();
    }

    private static String canonical(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize().toString();
        }
    }

    private static List<String> mountPoints() {
        List<String> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(MOUNTINFO)) {
                String[] fields = line.split(" ");
                if (fields.length > 4) {
                    points.add(unescape(fields[4]));
                }
            }
        } catch (IOException e) {
            throw EngineException.internal("cannot read " + MOUNTINFO + ": " + e.getMessage(), e);
        }
        return points;
    }

    /** mountinfo writes space, tab, newline and backslash as {@code \ooo}. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Runs a command; null when it succeeded, else what it said (or its exit status). */
    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return cmd.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s";
            }
            if (p.exitValue() == 0) {
                return null;
            }
            return out.isEmpty() ? cmd.get(0) + " exited with status " + p.exitValue() : out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
