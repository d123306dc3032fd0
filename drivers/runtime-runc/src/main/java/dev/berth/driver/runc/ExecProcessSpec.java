package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.runtime.ExecSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI process an exec runs, derived from the container's own {@code config.json} process (so it
 * has the init process's capabilities, user, environment, apparmor and no-new-privileges; runc takes
 * namespaces, cgroup and seccomp from the container's state) with what {@code docker exec} changes:
 * the command, the terminal, {@code -e} (replacing by key), {@code -u} resolved against the container's
 * /etc/passwd, {@code -w}, and {@code --privileged} (every capability). {@code TERM=xterm} follows the
 * exec's TTY, not the container's, as in dockerd.
 */
final class ExecProcessSpec {
    private static final String TERM = "TERM=xterm";

    private ExecProcessSpec() {}

    /**
     * @param config     the container's config.json
     * @param capLastCap the host's last capability number, for {@code --privileged}
     * @param held       the daemon's bounding set: {@code --privileged} gets no more
     */
    static ObjectNode build(JsonNode config, ExecSpec spec, int capLastCap, long held) {
        ObjectNode p = ((ObjectNode) config.path("process")).deepCopy();
        boolean containerTty = p.path("terminal").asBoolean(false);
        p.put("terminal", spec.tty());
        if (spec.tty() && spec.height() > 0 && spec.width() > 0) {
            ObjectNode size = p.putObject("consoleSize");
            size.put("height", spec.height());
            size.put("width", spec.width());
        } else {
            p.remove("consoleSize");
        }
        ArrayNode args = p.putArray("args");
        spec.args().forEach(args::add);

        List<String> env = new ArrayList<>();
        p.path("env").forEach(e -> env.add(e.asText()));
        if (containerTty && !spec.tty()) {
            env.remove(TERM);
        }
        if (spec.tty() && env.stream().noneMatch(e -> e.startsWith("TERM="))) {
            env.add(TERM);
        }
        ArrayNode envOut = p.putArray("env");
        OciSpecBuilder.merge(env, spec.env()).forEach(envOut::add);

        if (!spec.workingDir().isEmpty()) {
            p.put("cwd", spec.workingDir());
        }
        long uid = p.path("user").path("uid").asLong(0);
        if (!spec.user().isEmpty()) {
            Path rootfs = Path.of(config.path("root").path("path").asText());
            UserResolver.User user = UserResolver.forRootfs(rootfs).resolve(spec.user(), groupAdd(config));
            ObjectNode u = p.putObject("user");
            u.put("uid", user.uid());
            u.put("gid", user.gid());
            if (!user.additionalGids().isEmpty()) {
                ArrayNode g = u.putArray("additionalGids");
                user.additionalGids().forEach(g::add);
            }
            uid = user.uid();
        }
        List<String> bounding = new ArrayList<>();
        if (spec.privileged()) {
            bounding.addAll(Capabilities.all(capLastCap, held));
        } else {
            p.path("capabilities").path("bounding").forEach(c -> bounding.add(c.asText()));
        }
        // as at create: a non-root process keeps the bounding set only
        List<String> active = uid == 0 ? bounding : List.of();
        ObjectNode caps = p.putObject("capabilities");
        for (String set : List.of("bounding", "effective", "permitted")) {
            ArrayNode a = caps.putArray(set);
            (set.equals("bounding") ? bounding : active).forEach(a::add);
        }
        return p;
    }

    private static List<String> groupAdd(JsonNode config) {
        String joined = config.path("annotations").path(OciSpecBuilder.GROUP_ADD_ANNOTATION).asText("");
        return joined.isEmpty() ? List.of() : List.of(joined.split("\n"));
    }
}
