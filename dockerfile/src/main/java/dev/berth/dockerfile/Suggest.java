package dev.berth.dockerfile;

import java.util.Collection;
import java.util.Locale;

/** "did you mean …?": the closest candidate within two edits, in the case the user wrote. */
final class Suggest {

    private Suggest() {
    }

    static String closest(String value, Collection<String> candidates) {
        String lower = value.toLowerCase(Locale.ROOT);
        String match = null;
        int best = 3;
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            if (c.equals(lower)) {
                return null;
            }
            int d = distance(lower, c);
            if (d < best) {
                best = d;
                match = c;
            }
        }
        if (match == null) {
            return null;
        }
        return value.equals(value.toUpperCase(Locale.ROOT)) && !value.equals(lower) ? match.toUpperCase(Locale.ROOT) : match;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
