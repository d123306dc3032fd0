package dev.berth.driver.dockerplugin;

import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the engine does with the interface a network plugin made, as libnetwork's sandbox does: move
 * it from the host into the container's netns under its final name, configure it there, and on leave
 * give it back to the host under the plugin's name (kept as the interface's alias meanwhile, so it
 * survives a daemon restart).
 */
final class SandboxLinks {

    private SandboxLinks() {
    }

    /** One static route from the plugin's Join answer: {@code via} null for a connected route. */
    record Route(String destination, String via) {
    }

    /**
     * Moves {@code srcName} into the netns as {@code dstName} and configures it. On failure the
     * interface is given back to the host (or removed), so nothing of it stays in the container.
     */
    static void moveIn(Path netns, String srcName, String dstName, String ipv4, String mac, String gateway,
                       List<Route> routes) {
        check(null, List.of("ip", "link", "set", "dev", srcName, "netns", netns.toString()));
        StringBuilder batch = new StringBuilder()
                .append("link set lo up\n")
                .append("link set dev ").append(srcName).append(" down\n")
                .append("link set dev ").append(srcName).append(" name ").append(dstName).append('\n')
                .append("link set dev ").append(dstName).append(" alias ").append(srcName).append('\n')
                .append("link set dev ").append(dstName).append(" address ").append(mac).append('\n')
                .append("addr replace ").append(ipv4).append(" dev ").append(dstName).append('\n')
                .append("link set dev ").append(dstName).append(" up\n");
        for (Route r : routes) {
            batch.append("route replace ").append(r.destination())
                    .append(r.via() == null ? "" : " via " + r.via()).append(" dev ").append(dstName).append('\n');
        }
        if (gateway != null) {
            batch.append("route replace default via ").append(gateway).append(" dev ").append(dstName).append('\n');
        }
        try {
            check(batch.toString(), List.of("nsenter", "--net=" + netns, "ip", "-batch", "-"));
        } catch (EngineException e) {
            // the rename may or may not have happened: give back whichever name is there
            moveOut(netns, dstName, srcName);
            moveOut(netns, srcName, srcName);
            throw e;
        }
    }

    /** The interface in the netns that has this address, if any. */
    static Optional<String> interfaceWithAddress(Path netns, String ip) {
        Result r = run(null, List.of("nsenter", "--net=" + netns, "ip", "-o", "-4", "addr", "show"));
        if (r.code != 0) {
            return Optional.empty();
        }
        for (String line : r.out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // "2: eth0    inet 10.1.2.3/24 brd … scope global eth0"
            if (f.length > 3 && f[2].equals("inet") && f[3].startsWith(ip + "/")) {
                return Optional.of(f[1]);
            }
        }
        return Optional.empty();
    }

    /** The plugin's name for an interface we moved in (its alias), or empty. */
    static Optional<String> aliasOf(Path netns, String dev) {
        Result r = run(null, List.of("nsenter", "--net=" + netns, "ip", "-o", "link", "show", "dev", dev));
        int at = r.out.indexOf("alias ");
        if (r.code != 0 || at < 0) {
            return Optional.empty();
        }
        String alias = r.out.substring(at + 6).trim().split("\\s+")[0];
        return alias.isEmpty() ? Optional.empty() : Optional.of(alias);
    }

    /**
     * Gives an interface back to the daemon's own netns (where the plugin made it) under
     * {@code hostName}; removes it when that cannot be done. Absent: nothing to do.
     */
    static void moveOut(Path netns, String dev, String hostName) {
        String ns = "--net=" + netns;
        if (run(null, List.of("nsenter", ns, "ip", "link", "show", "dev", dev)).code != 0) {
            return;
        }
        String self = "/proc/" + ProcessHandle.current().pid() + "/ns/net";
        String batch = "link set dev " + dev + " down\n"
                + (dev.equals(hostName) ? "" : "link set dev " + dev + " name " + hostName + "\n")
                + "link set dev " + hostName + " netns " + self + "\n";
        if (run(batch, List.of("nsenter", ns, "ip", "-batch", "-")).code != 0) {
            run(null, List.of("nsenter", ns, "ip", "link", "del", "dev", dev));
            run(null, List.of("nsenter", ns, "ip", "link", "del", "dev", hostName));
        }
    }

    private record Result(int code, String out) {
    }

    private static String check(String stdin, List<String> cmd) {
        Result r = run(stdin, cmd);
        if (r.code != 0) {
            throw EngineException.internal(String.join(" ", cmd) + ": " + r.out.strip()
                    + (stdin == null ? "" : " (" + stdin.strip().replace('\n', ';') + ")"), null);
        }
        return r.out;
    }

    private static Result run(String stdin, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + " (timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw EngineException.unavailable(cmd.get(0) + " failed to start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable(cmd.get(0) + " interrupted", e);
        }
    }
}
