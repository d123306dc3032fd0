package dev.berth.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge: {@code Bearer realm="…",service="…",scope="…"} or
 * {@code Basic realm="…"}. Parsed per RFC 7235 closely enough for registries: quoted values may
 * hold commas and escaped quotes; several challenges may share one header.
 *
 * @param scheme lower case: {@code bearer}, {@code basic}
 * @param params parameter names in lower case
 */
record Challenge(String scheme, Map<String, String> params) {
    Challenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Map.copyOf(params);
    }

    boolean isBearer() {
        return scheme.equals("bearer");
    }

    boolean isBasic() {
        return scheme.equals("basic");
    }

    String param(String name) {
        return params.get(name);
    }

    /** Every challenge in the header values, in order; unparseable parts are skipped. */
    static List<Challenge> parse(List<String> headerValues) {
        List<Challenge> out = new ArrayList<>();
        for (String v : headerValues) {
            out.addAll(parse(v));
        }
        return out;
    }

    static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        int i = 0;
        int n = header.length();
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (i < n) {
            i = skip(header, i, " \t,");
            if (i >= n) {
                break;
            }
            int start = i;
            while (i < n && !isSep(header.charAt(i)) && header.charAt(i) != '=') {
                i++;
            }
            String token = header.substring(start, i);
            int j = skip(header, i, " \t");
            if (j < n && header.charAt(j) == '=' && scheme != null) {
                // name=value parameter of the current challenge
                j = skip(header, j + 1, " \t");
                StringBuilder value = new StringBuilder();
                if (j < n && header.charAt(j) == '"') {
                    j++;
                    while (j < n && header.charAt(j) != '"') {
                        char c = header.charAt(j);
                        if (c == '\\' && j + 1 < n) {
                            c = header.charAt(++j);
                        }
                        value.append(c);
                        j++;
                    }
                    j++; // closing quote
                } else {
                    while (j < n && header.charAt(j) != ',' && !Character.isWhitespace(header.charAt(j))) {
                        value.append(header.charAt(j++));
                    }
                }
                params.put(token.toLowerCase(Locale.ROOT), value.toString());
                i = j;
            } else {
                if (scheme != null) {
                    out.add(new Challenge(scheme, params));
                }
                scheme = token;
                params = new LinkedHashMap<>();
                i = j;
            }
        }
        if (scheme != null && !scheme.isEmpty()) {
            out.add(new Challenge(scheme, params));
        }
        return out;
    }

    private static boolean isSep(char c) {
        return c == ' ' || c == '\t' || c == ',';
    }

    private static int skip(String s, int i, String chars) {
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }
}
