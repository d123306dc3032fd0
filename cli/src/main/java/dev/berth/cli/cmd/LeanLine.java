package dev.berth.cli.cmd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One command's arguments as the lean path reads them: the flags it is given, in the forms picocli
 * reads them the same way ({@code -a}, {@code -aq}, {@code --all}, {@code --format X},
 * {@code --format=X}). {@link #parse} answers null for anything else ({@code --}, a value that looks
 * like a flag, an attached short value, an unknown flag, help), which sends the line to the full tree.
 */
final class LeanLine {
    private final Map<String, List<String>> values = new HashMap<>();
    private final List<String> positionals = new ArrayList<>();

    private LeanLine() {}

    /**
     * {@code booleans} and {@code valued} map each flag spelling to its key; with
     * {@code stopAtPositional} the first positional and all after it are positionals (run's IMAGE).
     */
    static LeanLine parse(String[] args, int from, Map<String, String> booleans, Map<String, String> valued,
            boolean stopAtPositional) {
        LeanLine line = new LeanLine();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (stopAtPositional && !line.positionals.isEmpty()) {
                line.positionals.add(a);
                continue;
            }
            if (a.length() < 2 || a.charAt(0) != '-') {
                if (a.equals("-")) return null;
                line.positionals.add(a);
                continue;
            }
            if (a.equals("--")) return null;
            int eq = a.startsWith("--") ? a.indexOf('=') : -1;
            String flag = eq > 0 ? a.substring(0, eq) : a;
            String key = booleans.get(flag);
            if (key != null) {
                if (eq > 0) return null;
                line.values.put(key, List.of("true"));
                continue;
            }
            key = valued.get(flag);
            if (key != null) {
                String value;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else {
                    if (i + 1 >= args.length || args[i + 1].startsWith("-")) return null;
                    value = args[++i];
                }
                List<String> list = line.values.get(key);
                if (list == null) {
                    list = new ArrayList<>();  // no lambda: each call site's first use spins classes
                    line.values.put(key, list);
                }
                list.add(value);
                continue;
            }
            if (a.startsWith("--")) return null;
            for (int c = 1; c < a.length(); c++) {
                key = booleans.get("-" + a.charAt(c));
                if (key == null) return null;
                line.values.put(key, List.of("true"));
            }
        }
        return line;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The last value given (options may be repeated, the last one wins), or null. */
    String last(String key) {
        List<String> v = values.get(key);
        return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value given, in order. */
    List<String> all(String key) {
        List<String> v = values.get(key);
        return v == null ? new ArrayList<>() : v;
    }

    List<String> positionals() {
        return positionals;
    }
}
