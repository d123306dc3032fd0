package dev.berth.daemon;

/** What this build calls itself. */
public final class BuildInfo {
    public static final String VERSION = "0.1.0";
    public static final String API_VERSION = "1.50";
    public static final String MIN_API_VERSION = "1.24";

    private BuildInfo() {}
}
