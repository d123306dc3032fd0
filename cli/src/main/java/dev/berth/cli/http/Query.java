package dev.berth.cli.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A URL query string built in order; values are form-encoded. */
public final class Query {
    private final List<String> parts = new ArrayList<>();

    public static Query of() {
        return new Query();
    }

    public Query add(String key, String value) {
        if (value != null) parts.add(enc(key) + "=" + enc(value));
        return this;
    }

    /** Adds {@code key=1} only when set, as the docker client does for boolean options. */
    public Query flag(String key, boolean set) {
        if (set) parts.add(enc(key) + "=1");
        return this;
    }

    /** Adds a value only when it is not empty. */
    public Query addIfPresent(String key, String value) {
        return value == null || value.isEmpty() ? this : add(key, value);
    }

    @Override
    public String toString() {
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Encodes one path segment (a container name or id). */
    public static String seg(String s) {
        return enc(s).replace("%2F", "/");
    }
}
