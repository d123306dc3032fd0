package dev.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * dockerd's command-line flags that berthd does not define, as a unit file or script carried over from dockerd
 * passes them. One that asks for what Berth does anyway ({@link DockerdDirectives}: {@code --live-restore},
 * {@code --iptables=true}, {@code --storage-driver overlay2}) is dropped before parsing, as its daemon.json key
 * would be; any other is refused by name — pointing at daemon.json when Berth reads the setting only there —
 * where picocli would say "Unknown option".
 */
final class DockerdFlags {

    private DockerdFlags() {}

    /** {@code args} without the dockerd flags (and their values) that ask for what Berth does anyway. */
    static String[] strip(String[] args, Set<String> berthFlags) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                for (; i < args.length; i++) {
                    kept.add(args[i]);
                }
                break;
            }
            String name = name(arg);
            String key = name == null || berthFlags.contains("--" + name) ? null : dockerdKey(name);
            if (key == null) {
                kept.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq >= 0) {
                if (!DockerdDirectives.asBerthDoes(key, value(arg.substring(eq + 1)))) {
                    kept.add(arg);
                }
                continue;
            }
            // a bare flag: a boolean switched on, or a flag whose value is the next argument
            boolean hasNext = i + 1 < args.length && !args[i + 1].startsWith("-");
            if (hasNext && DockerdDirectives.asBerthDoes(key, value(args[i + 1]))
                    && !DockerdDirectives.asBerthDoes(key, BooleanNode.TRUE)) {
                i++;
            } else if (!DockerdDirectives.asBerthDoes(key, BooleanNode.TRUE)) {
                kept.add(arg);
            }
        }
        return kept.toArray(new String[0]);
    }

    /**
     * What berthd says of an argument picocli did not match: a dockerd flag named, or null when it is none (picocli's
     * own "Unknown option" then).
     */
    static String refusal(String arg) {
        String name = name(arg);
        if (name == null) {
            return null;
        }
        String readByBerth = configKey(name);
        if (readByBerth != null) {
            return "--" + name + " is not a berthd flag: set \"" + readByBerth + "\" in daemon.json (--config-file)";
        }
        String key = dockerdKey(name);
        return key == null ? null : "--" + name + " (dockerd's " + key + ") is not supported by Berth yet";
    }

    /** {@code --name[=value]} → name; null for anything else. */
    private static String name(String arg) {
        if (!arg.startsWith("--") || arg.length() < 3) {
            return null;
        }
        int eq = arg.indexOf('=');
        return arg.substring(2, eq < 0 ? arg.length() : eq);
    }

    /** The daemon.json key of a dockerd flag Berth does not read, or null. */
    private static String dockerdKey(String flag) {
        for (String key : keys(flag)) {
            if (DockerdDirectives.known(key)) {
                return key;
            }
        }
        return null;
    }

    /** The daemon.json key Berth reads for a flag it does not define, or null. */
    private static String configKey(String flag) {
        for (String key : keys(flag)) {
            if (DaemonConfig.KEYS.contains(key)) {
                return key;
            }
        }
        return null;
    }

    /** dockerd's flags are their keys, a repeatable one singular ({@code --exec-opt}: exec-opts, registries). */
    private static List<String> keys(String flag) {
        return flag.endsWith("y") ? List.of(flag, flag + "s", flag.substring(0, flag.length() - 1) + "ies")
                : List.of(flag, flag + "s");
    }

    private static JsonNode value(String text) {
        return text.equals("true") ? BooleanNode.TRUE : text.equals("false") ? BooleanNode.FALSE : TextNode.valueOf(text);
    }
}
