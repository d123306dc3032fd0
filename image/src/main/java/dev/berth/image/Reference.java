package dev.berth.image;

import dev.berth.spi.EngineException;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * A normalised image reference: {@code domain/path[:tag][@digest]}. Parsing follows Docker's
 * {@code ParseNormalizedNamed}: {@code busybox} becomes {@code docker.io/library/busybox:latest}.
 * The tag defaults to {@code latest} only when there is no digest; a reference may carry both, as
 * the docker CLI allows ({@code name:tag@sha256:…}).
 *
 * @param domain registry host (and port), {@code docker.io} for Docker Hub
 * @param path repository path inside the registry, {@code library/busybox}
 * @param tag the tag, or null when the reference is by digest only
 * @param digest the manifest digest, or null
 */
public record Reference(String domain, String path, String tag, Digest digest) {
    static final String DEFAULT_DOMAIN = "docker.io";
    private static final String LEGACY_DEFAULT_DOMAIN = "index.docker.io";
    private static final String OFFICIAL_PREFIX = "library/";
    private static final String DEFAULT_TAG = "latest";

    public Reference {
        if (domain == null || path == null) {
            throw EngineException.invalid("invalid reference format");
        }
        Matcher name = ReferenceGrammar.ANCHORED_NAME.matcher(domain + "/" + path);
        if (!name.matches() || !domain.equals(name.group(1))) {
            throw EngineException.invalid("invalid reference format");
        }
        if (tag != null) {
            validateTag(tag);
        }
        if (tag == null && digest == null) {
            tag = DEFAULT_TAG;
        }
    }

    /** Parses what a user typed; errors carry Docker's wording. */
    public static Reference parse(String text) {
        if (text == null) {
            throw EngineException.invalid("invalid reference format");
        }
        if (ReferenceGrammar.ANCHORED_IDENTIFIER.matcher(text).matches()) {
            throw EngineException.invalid(
                    "invalid repository name (" + text + "), cannot specify 64-byte hexadecimal strings");
        }
        String[] split = splitDockerDomain(text);
        String remainder = split[1];
        int colon = remainder.indexOf(':');
        String remote = colon >= 0 ? remainder.substring(0, colon) : remainder;
        if (!remote.toLowerCase(Locale.ROOT).equals(remote)) {
            throw EngineException.invalid(
                    "invalid reference format: repository name (" + remote + ") must be lowercase");
        }
        return parseQualified(split[0] + "/" + remainder);
    }

    /** Docker's {@code reference.Parse} on the already-qualified string. */
    private static Reference parseQualified(String s) {
        Matcher m = ReferenceGrammar.REFERENCE.matcher(s);
        if (!m.matches()) {
            if (s.isEmpty()) {
                throw EngineException.invalid("repository name must have at least one component");
            }
            if (ReferenceGrammar.REFERENCE.matcher(s.toLowerCase(Locale.ROOT)).matches()) {
                throw EngineException.invalid("repository name must be lowercase");
            }
            throw EngineException.invalid("invalid reference format");
        }
        String name = m.group(1);
        if (name.length() > ReferenceGrammar.NAME_TOTAL_LENGTH_MAX) {
            throw EngineException.invalid("repository name must not be more than 255 characters");
        }
        Matcher nm = ReferenceGrammar.ANCHORED_NAME.matcher(name);
        if (!nm.matches()) {
            throw EngineException.invalid("invalid reference format");
        }
        Digest digest = m.group(3) == null ? null : parseDigest(m.group(3));
        return new Reference(nm.group(1), nm.group(2), m.group(2), digest);
    }

    /** go-digest's checks, narrowed to the one algorithm we store. */
    private static Digest parseDigest(String text) {
        int colon = text.indexOf(':');
        String algorithm = text.substring(0, colon);
        String hex = text.substring(colon + 1);
        if (!algorithm.equals("sha256")) {
            throw EngineException.invalid("unsupported digest algorithm");
        }
        if (hex.length() != 64) {
            throw EngineException.invalid("invalid checksum digest length");
        }
        if (!hex.matches("[a-f0-9]{64}")) {
            throw EngineException.invalid("invalid checksum digest format");
        }
        return new Digest(hex);
    }

    /** Returns {domain, remainder}; Docker's {@code splitDockerDomain}. */
    private static String[] splitDockerDomain(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return new String[] {DEFAULT_DOMAIN, OFFICIAL_PREFIX + name};
        }
        String maybeDomain = name.substring(0, slash);
        String maybeRemote = name.substring(slash + 1);
        String domain;
        String remote;
        if (maybeDomain.equals("localhost")) {
            domain = maybeDomain;
            remote = maybeRemote;
        } else if (maybeDomain.equals(LEGACY_DEFAULT_DOMAIN)) {
            domain = DEFAULT_DOMAIN;
            remote = maybeRemote;
        } else if (maybeDomain.contains(".") || maybeDomain.contains(":")
                || !maybeDomain.toLowerCase(Locale.ROOT).equals(maybeDomain)) {
            domain = maybeDomain;
            remote = maybeRemote;
        } else {
            domain = DEFAULT_DOMAIN;
            remote = name;
        }
        if (domain.equals(DEFAULT_DOMAIN) && remote.indexOf('/') < 0) {
            remote = OFFICIAL_PREFIX + remote;
        }
        return new String[] {domain, remote};
    }

    /** Checks a tag as {@code docker tag} does: {@code [\w][\w.-]{0,127}}. */
    public static String validateTag(String tag) {
        if (tag == null || !ReferenceGrammar.ANCHORED_TAG.matcher(tag).matches()) {
            throw EngineException.invalid("invalid tag format");
        }
        return tag;
    }

    /** A copy with another tag (digest dropped), e.g. for {@code docker tag}. */
    public Reference withTag(String newTag) {
        return new Reference(domain, path, validateTag(newTag), null);
    }

    /** {@code docker.io/library/busybox}. */
    public String name() {
        return domain + "/" + path;
    }

    /** {@code docker.io/library/busybox:latest}, with {@code @digest} when there is one. */
    public String canonical() {
        return withSuffix(name());
    }

    /** {@code busybox}, {@code user/app}, {@code localhost:5000/x/y}. */
    public String familiarName() {
        if (!domain.equals(DEFAULT_DOMAIN)) {
            return name();
        }
        if (path.startsWith(OFFICIAL_PREFIX) && path.indexOf('/', OFFICIAL_PREFIX.length()) < 0) {
            return path.substring(OFFICIAL_PREFIX.length());
        }
        return path;
    }

    /** {@code busybox:latest}: what {@code docker images} shows. */
    public String familiar() {
        return withSuffix(familiarName());
    }

    private String withSuffix(String base) {
        StringBuilder sb = new StringBuilder(base);
        if (tag != null) {
            sb.append(':').append(tag);
        }
        if (digest != null) {
            sb.append('@').append(digest);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return canonical();
    }
}
