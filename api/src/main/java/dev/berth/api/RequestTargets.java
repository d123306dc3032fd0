package dev.berth.api;

import dev.berth.spi.EngineException;

/**
 * What makes a request target unreadable, refused as dockerd (Go's net/http) refuses it: a target
 * that is not a path ({@code GET _ping}) or holds a control character is a 400 before any routing.
 * A request target with a broken percent-escape ({@code %zz}, a trailing {@code %2}) is the client's
 * fault: Netty's decoder throws an {@link IllegalArgumentException}, which would otherwise surface as a
 * 500. dockerd's form parsing refuses it as a bad parameter (400) naming the escape, as here.
 */
final class RequestTargets {
    private RequestTargets() {
    }

    /** The 400 for a target Go's request parser refuses; null when it reads. */
    static EngineException unreadable(String target) {
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return EngineException.invalid("malformed HTTP request: invalid control character in URL");
            }
        }
        if (!target.startsWith("/") && !target.equals("*") && !target.contains("://")) {
            return EngineException.invalid("malformed HTTP request: invalid URI for request");
        }
        return null;
    }

    /** The 400 for {@code target}, naming its first broken escape (at most three characters, as Go shows it). */
    static EngineException refusal(String target) {
        String bad = firstBadEscape(target);
        return EngineException.invalid(bad == null
                ? "invalid URL encoding in " + target
                : "invalid URL escape \"" + bad + "\"");
    }

    /** The first {@code %} not followed by two hex digits, with what follows it (up to 3 chars); null when none. */
    static String firstBadEscape(String target) {
        for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
            if (i + 2 >= target.length() || !hex(target.charAt(i + 1)) || !hex(target.charAt(i + 2))) {
                return target.substring(i, Math.min(target.length(), i + 3));
            }
            i += 2;
        }
        return null;
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
