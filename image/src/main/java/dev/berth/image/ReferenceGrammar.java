package dev.berth.image;

import java.util.regex.Pattern;

/**
 * The regular expressions of Docker's distribution/reference package (regexp.go), rebuilt here so
 * references are accepted and rejected exactly as the docker CLI and dockerd do.
 */
final class ReferenceGrammar {
    static final int NAME_TOTAL_LENGTH_MAX = 255;

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|[-]+)";
    private static final String DOMAIN_NAME_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String OPTIONAL_PORT = "(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}";
    private static final String IPV6 = "\\[(?:[a-fA-F0-9:]+)\\]";
    private static final String DOMAIN_NAME = DOMAIN_NAME_COMPONENT + "(?:\\." + DOMAIN_NAME_COMPONENT + ")*";
    private static final String HOST = "(?:" + DOMAIN_NAME + "|" + IPV6 + ")";
    private static final String DOMAIN_AND_PORT = HOST + OPTIONAL_PORT;
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String REMOTE_NAME = PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*";
    private static final String NAME = "(?:" + DOMAIN_AND_PORT + "/)?" + REMOTE_NAME;

    /** Groups: 1 name, 2 tag, 3 digest. */
    static final Pattern REFERENCE = Pattern.compile("^(" + NAME + ")(?::(" + TAG + "))?(?:@(" + DIGEST + "))?$");
    /** Groups: 1 domain (nullable), 2 path. */
    static final Pattern ANCHORED_NAME = Pattern.compile("^(?:(" + DOMAIN_AND_PORT + ")/)?(" + REMOTE_NAME + ")$");
    static final Pattern ANCHORED_TAG = Pattern.compile("^" + TAG + "$");
    static final Pattern ANCHORED_IDENTIFIER = Pattern.compile("^[a-f0-9]{64}$");

    private ReferenceGrammar() {}
}
