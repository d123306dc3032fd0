package dev.berth.cli.cmd;

/** docker's small string helpers: stringid.TruncateID, reference.FamiliarString, Ellipsis, strconv.Quote. */
public final class Names {
    private Names() {}

    public static String truncateId(String id) {
        int colon = id.indexOf(':');
        String s = colon >= 0 ? id.substring(colon + 1) : id;
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    /** Drops the default registry and {@code library/} as docker shows names. */
    public static String familiar(String ref) {
        String r = ref;
        if (r.startsWith("docker.io/")) r = r.substring("docker.io/".length());
        if (r.startsWith("library/") && r.indexOf('/', "library/".length()) < 0) r = r.substring("library/".length());
        return r;
    }

    /** Splits {@code name[:tag]} (the tag after the last ':' that follows the last '/'). */
    public static String[] repoTag(String ref) {
        int at = ref.indexOf('@');
        String base = at >= 0 ? ref.substring(0, at) : ref;
        int slash = base.lastIndexOf('/');
        int colon = base.lastIndexOf(':');
        if (colon > slash) return new String[] {base.substring(0, colon), base.substring(colon + 1)};
        return new String[] {base, ""};
    }

    public static String ellipsis(String s, int max) {
        int n = s.codePointCount(0, s.length());
        if (n <= max) return s;
        int end = s.offsetByCodePoints(0, max - 1);
        return s.substring(0, end) + "…";
    }

    /** Go's strconv.Quote for printable text. */
    public static String goQuote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
