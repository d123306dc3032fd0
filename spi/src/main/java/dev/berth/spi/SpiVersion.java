package dev.berth.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This SPI's semantic version, and the rule berthd applies to the version a plugin jar declares in
 * its manifest ({@value #MANIFEST_ATTRIBUTE}): a plugin built against {@code M.m} runs on any spi
 * {@code M.n} with {@code n >= m} (minor versions only add), never on another major. See
 * {@code docs/PLUGINS.md}.
 *
 * @param major bumped by an incompatible change: a method removed or its meaning changed
 * @param minor bumped by an addition (a new default method, type or optional value)
 * @param patch fixes only
 */
public record SpiVersion(int major, int minor, int patch) {
    /** The manifest attribute a plugin jar declares the spi version it was built against in. */
    public static final String MANIFEST_ATTRIBUTE = "Berth-SPI-Version";

    private static final Pattern SEMVER = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.(\\d+))?(?:[-+].*)?");
    private static final SpiVersion CURRENT = read();

    public SpiVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("negative version: " + major + "." + minor + "." + patch);
        }
    }

    /** The version of the spi classes the running daemon has. */
    public static SpiVersion current() {
        return CURRENT;
    }

    /**
     * Parses {@code MAJOR.MINOR[.PATCH]} (a pre-release or build suffix is ignored).
     *
     * @throws IllegalArgumentException naming the text when it is no such version
     */
    public static SpiVersion parse(String text) {
        Matcher m = SEMVER.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a version (MAJOR.MINOR.PATCH): \"" + text + "\"");
        }
        return new SpiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /**
     * Why a plugin built against {@code wanted} cannot run on this version, or null when it can.
     */
    public String refusal(SpiVersion wanted) {
        if (wanted.major != major) {
            return "built for Berth SPI " + wanted + ", berthd provides " + this + " (another major version)";
        }
        if (wanted.minor > minor) {
            return "built for Berth SPI " + wanted + ", berthd provides " + this + " (a newer minor version)";
        }
        return null;
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }

    private static SpiVersion read() {
        try (InputStream in = SpiVersion.class.getResourceAsStream("spi-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("spi-version.properties missing from the spi jar");
            }
            Properties p = new Properties();
            p.load(in);
            return parse(p.getProperty("version"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read spi-version.properties", e);
        }
    }
}
