package dev.berth.daemon.sinks;

import dev.berth.spi.EngineException;
import dev.berth.spi.events.EventSinkContext;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shipped sinks' option checks, each error naming the sink and the key as daemon.json spells them. */
final class SinkOptions {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)i?b?", Pattern.CASE_INSENSITIVE);

    private final EventSinkContext context;

    SinkOptions(EventSinkContext context, Set<String> known) {
        this.context = context;
        Set<String> unknown = new TreeSet<>(context.options().keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw invalid(unknown.iterator().next(), "unknown option (known: " + new TreeSet<>(known) + ")");
        }
    }

    String text(String key, String fallback) {
        String v = context.option(key, fallback);
        if (v == null || v.isEmpty()) {
            throw invalid(key, "required");
        }
        return v;
    }

    /** A size as json-file's {@code max-size} takes it: {@code 1024}, {@code 10k}, {@code 10m}, {@code 1g}; 0 = none. */
    long size(String key) {
        String v = context.option(key, null);
        if (v == null) {
            return 0;
        }
        Matcher m = SIZE.matcher(v.trim());
        if (!m.matches()) {
            throw invalid(key, "invalid size \"" + v + "\" (a number of bytes, or with k, m or g)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n * 1024;
            case "m" -> n * 1024 * 1024;
            case "g" -> n * 1024 * 1024 * 1024;
            default -> n;
        };
    }

    int positive(String key, int fallback) {
        String v = context.option(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // the message below says what is wanted
        }
        throw invalid(key, "must be a positive whole number, not \"" + v + "\"");
    }

    EngineException invalid(String key, String problem) {
        return EngineException.invalid("event-sinks: " + context.name() + ": " + key + ": " + problem);
    }
}
