package dev.berth.api;

import dev.berth.api.backend.Filters;
import dev.berth.spi.EngineException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Query parameters with Docker's parsing rules. */
final class Query {
    private final Map<String, List<String>> params;

    Query(Map<String, List<String>> params) {
        this.params = params;
    }

    /** First value, or null when absent. */
    String string(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> all(String name) {
        return params.getOrDefault(name, List.of());
    }

    /** Empty string counts as absent. */
    String nonEmpty(String name) {
        String v = string(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** dockerd's BoolValue: anything but "", 0, no, false, none is true. */
    boolean bool(String name) {
        String v = string(name);
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return !(s.isEmpty() || s.equals("0") || s.equals("no") || s.equals("false") || s.equals("none"));
    }

    /** Like {@link #bool} but {@code fallback} when absent. */
    boolean bool(String name, boolean fallback) {
        return params.containsKey(name) ? bool(name) : fallback;
    }

    /** Null when absent or empty; 400 when not a number. */
    Integer integer(String name) {
        String v = nonEmpty(name);
        if (v == null) {
            return null;
        }
        try {
            return Integer.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid value for " + name + ": " + v);
        }
    }

    /**
     * A count or a number of seconds that dockerd reads as a Go int (64 bits): one beyond int's range is
     * taken as the nearest int (no list is that long, no timeout that far away) rather than refused.
     */
    Integer saturated(String name) {
        String v = nonEmpty(name);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n));
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid value for " + name + ": " + v);
        }
    }

    Filters filters() {
        return FiltersParser.parse(nonEmpty("filters"));
    }
}
