package dev.berth.image;

import dev.berth.spi.EngineException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A sha256 content digest, {@code sha256:<64 lowercase hex>}. Only sha256 is accepted: it is the
 * only algorithm Docker and the OCI registries use for ids, and one algorithm keeps paths simple.
 */
public record Digest(String hex) {
    private static final String PREFIX = "sha256:";
    private static final Pattern HEX = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw EngineException.invalid("invalid digest: " + PREFIX + hex);
        }
    }

    /** Parses {@code sha256:<hex>}; anything else is INVALID_ARGUMENT. */
    public static Digest parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            throw EngineException.invalid("invalid digest: " + text);
        }
        String hex = text.substring(PREFIX.length());
        if (!HEX.matcher(hex).matches()) {
            throw EngineException.invalid("invalid digest: " + text);
        }
        return new Digest(hex);
    }

    public static Digest of(byte[] data) {
        Sha256 sha = Sha256.create();
        sha.update(data);
        return sha.digest();
    }

    public static Digest of(String utf8) {
        return of(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** The digest of a 32-byte SHA-256 result. */
    static Digest fromBytes(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The 12-hex short id Docker prints. */
    public String shortId() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
