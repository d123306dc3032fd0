package dev.berth.actors.logs;

import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.LogTag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The attributes json-file writes into each entry of a run ({@code "attrs"}), as dockerd's logger computes
 * them when the container starts: the labels named by {@code labels} or matching {@code labels-regex}, the
 * environment variables named by {@code env} or matching {@code env-regex} (Go's {@code MatchString}: a match
 * anywhere in the name), and {@code tag} rendered over the container. {@code docker logs --details} shows them.
 */
final class LogAttributes {
    private LogAttributes() {}

    /** The attributes of a run of {@code info}; empty for drivers other than json-file, or none asked for. */
    static SortedMap<String, String> of(ContainerInfo info, LogConfig config, String logPath) {
        if (config.type() != LogConfig.Driver.JSON_FILE) {
            return new TreeMap<>();
        }
        SortedMap<String, String> out = extra(info, config);
        // json-file has no default template: a tag only when the user asked for one
        String tag = config.config().getOrDefault("tag", "");
        if (!tag.isEmpty()) {
            String rendered = LogTag.parse(tag).render(tagValues(info, logPath));
            if (!rendered.isEmpty()) {
                out.put("tag", rendered);
            }
        }
        return out;
    }

    /** dockerd's {@code ExtraAttributes}: the labels and environment variables the options name or match. */
    static SortedMap<String, String> extra(ContainerInfo info, LogConfig config) {
        SortedMap<String, String> out = new TreeMap<>();
        Map<String, String> opts = config.config();
        pick(info.config().labels(), opts.get("labels"), opts.get("labels-regex"), out);
        Map<String, String> env = new HashMap<>();
        for (String e : info.config().env()) {
            int eq = e.indexOf('=');
            if (eq >= 0) {
                env.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        pick(env, opts.get("env"), opts.get("env-regex"), out);
        return out;
    }

    /** The entries of {@code from} that {@code names} (comma-separated) names, or whose key {@code regex} finds. */
    private static void pick(Map<String, String> from, String names, String regex, Map<String, String> out) {
        for (String l : split(names)) {
            if (from.containsKey(l)) {
                out.put(l, from.get(l));
            }
        }
        if (regex != null && !regex.isEmpty()) {
            Pattern re = Pattern.compile(regex);
            from.forEach((k, v) -> {
                if (re.matcher(k).find()) {
                    out.put(k, v);
                }
            });
        }
    }

    /** What a tag template may name, as dockerd's {@code logger.Info} gives it. */
    static Map<String, String> tagValues(ContainerInfo info, String logPath) {
        List<String> argv = info.config().argv();
        String path = argv.isEmpty() ? "" : argv.get(0);
        List<String> args = argv.size() > 1 ? argv.subList(1, argv.size()) : List.of();
        String imageId = info.imageId() == null ? "" : info.imageId();
        Map<String, String> v = new HashMap<>();
        v.put("ID", info.id().substring(0, Math.min(12, info.id().length())));
        v.put("FullID", info.id());
        v.put("ContainerID", info.id());
        v.put("Name", info.name());
        v.put("ContainerName", "/" + info.name());
        // dockerd cuts the digest with its "sha256:" prefix: ImageID is "sha256:" and 5 hex digits
        v.put("ImageID", imageId.substring(0, Math.min(12, imageId.length())));
        v.put("ImageFullID", imageId);
        v.put("ContainerImageID", imageId);
        v.put("ImageName", info.config().image());
        v.put("ContainerImageName", info.config().image());
        v.put("ContainerEntrypoint", path);
        v.put("ContainerArgs", "[" + String.join(" ", args) + "]");
        v.put("Command", args.isEmpty() ? path : path + " " + String.join(" ", args));
        v.put("Hostname", hostname());
        v.put("DaemonName", "docker");
        v.put("LogPath", logPath);
        return v;
    }

    /** The attributes as Go's json.Marshal writes a map: keys sorted, dockerd's escaping; null when none. */
    static byte[] json(SortedMap<String, String> attrs) {
        if (attrs.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('{');
        boolean first = true;
        for (var e : attrs.entrySet()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            JsonLogLine.writeString(out, e.getKey().getBytes(StandardCharsets.UTF_8));
            out.write(':');
            JsonLogLine.writeString(out, e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        out.write('}');
        return out.toByteArray();
    }

    /**
     * {@code docker logs --details}' prefix: {@code k=v,k2=v2 } (sorted, each side as Go's url.QueryEscape
     * writes it), just the space when there are none — dockerd's {@code attrsByteSlice} and the space after it.
     */
    static byte[] detailsPrefix(Map<String, String> attrs) {
        StringBuilder b = new StringBuilder();
        for (var e : new TreeMap<>(attrs).entrySet()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(queryEscape(e.getKey())).append('=').append(queryEscape(e.getValue()));
        }
        return b.append(' ').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Go's url.QueryEscape: unreserved bytes as they are, space as '+', every other byte as %XX. */
    static String queryEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append("0123456789ABCDEF".charAt(c >> 4)).append("0123456789ABCDEF".charAt(c & 0xf));
            }
        }
        return b.toString();
    }

    private static List<String> split(String list) {
        return list == null || list.isEmpty() ? List.of() : List.of(list.split(","));
    }

    /** The host's name, as Go's os.Hostname gives it. */
    static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
