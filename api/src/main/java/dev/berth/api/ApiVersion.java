package dev.berth.api;

import dev.berth.api.model.SystemVersion;
import dev.berth.spi.EngineException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where API versions are parsed, checked and turned into behaviour. A request without a
 * {@code /vX.Y} prefix gets the current version.
 */
record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    static final ApiVersion MIN = parse(SystemVersion.MIN_API_VERSION);
    static final ApiVersion CURRENT = parse(SystemVersion.API_VERSION);
    /** First version whose non-TTY attach/logs answer says multiplexed-stream instead of raw-stream. */
    private static final ApiVersion MULTIPLEXED_MEDIA_TYPE = new ApiVersion(1, 42);
    /** First version whose WebSocket attach sends output as binary frames (text frames before, as dockerd). */
    private static final ApiVersion WEBSOCKET_BINARY = new ApiVersion(1, 28);
    /** First version whose WebSocket attach reads stdin/stdout/stderr from the query (all three before). */
    private static final ApiVersion WEBSOCKET_STREAM_CHOICE = new ApiVersion(1, 42);

    // dockerd's router takes any run of digits and dots as the version ("/v1./info" is a too-old 1.0, not a 404)
    private static final Pattern PREFIX = Pattern.compile("^/v([0-9.]+)(/.*)$");

    static final String RAW_STREAM = "application/vnd.docker.raw-stream";
    static final String MULTIPLEXED_STREAM = "application/vnd.docker.multiplexed-stream";

    /** The version a request asked for and the path without its prefix. */
    record Resolved(ApiVersion version, String path) {}

    /** Strips the version prefix; throws INVALID_ARGUMENT (Docker's wording) when out of range. */
    static Resolved resolve(String path) {
        if (!path.startsWith("/v")) {
            return new Resolved(CURRENT, path); // what PREFIX cannot match, without a Matcher per request
        }
        Matcher m = PREFIX.matcher(path);
        if (!m.matches()) {
            return new Resolved(CURRENT, path);
        }
        String text = m.group(1);
        ApiVersion v = parse(text);
        if (v.compareTo(MIN) < 0) {
            throw EngineException.invalid("client version " + text + " is too old. Minimum supported API version is "
                    + MIN + ", please upgrade your client to a newer version");
        }
        if (v.compareTo(CURRENT) > 0 || v.equals(CURRENT) && beyondMinor(text)) {
            throw EngineException.invalid("client version " + text + " is too new. Maximum supported API version is " + CURRENT);
        }
        return new Resolved(v, m.group(2));
    }

    /** Whether a part after the minor one is not 0 ("1.50.1" is newer than 1.50, as dockerd compares). */
    private static boolean beyondMinor(String text) {
        String[] parts = text.split("\\.", -1);
        for (int i = 2; i < parts.length; i++) {
            if (!parts[i].isEmpty() && !parts[i].chars().allMatch(c -> c == '0')) {
                return true;
            }
        }
        return false;
    }

    /** major.minor of a run of digits and dots; an empty part is 0, as in dockerd's comparison. */
    static ApiVersion parse(String text) {
        String[] parts = text.split("\\.", -1);
        try {
            int major = parts[0].isEmpty() ? 0 : Integer.parseInt(parts[0]);
            int minor = parts.length > 1 && !parts[1].isEmpty() ? Integer.parseInt(parts[1]) : 0;
            return new ApiVersion(major, minor);
        } catch (NumberFormatException e) {
            // Absurdly long digit strings: treat as "too new".
            return new ApiVersion(Integer.MAX_VALUE, 0);
        }
    }

    boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    /** Content type of a container output stream (logs, attach) for this client. */
    String streamContentType(boolean tty) {
        return !tty && atLeast(MULTIPLEXED_MEDIA_TYPE) ? MULTIPLEXED_STREAM : RAW_STREAM;
    }

    /** Whether WebSocket attach output goes out in binary frames (else text frames). */
    boolean webSocketBinaryFrames() {
        return atLeast(WEBSOCKET_BINARY);
    }

    /** Whether WebSocket attach honours the stdin/stdout/stderr query; older clients always get all three. */
    boolean webSocketChoosesStreams() {
        return atLeast(WEBSOCKET_STREAM_CHOICE);
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
