package dev.berth.cli;

import java.math.BigInteger;

/**
 * Boolean and integer flag values as the docker CLI's flag parser reads them (Go's {@code strconv.ParseInt(s, 0, 64)}):
 * an optional sign, then decimal, {@code 0x} hex, {@code 0o} or a leading {@code 0} octal, {@code 0b}
 * binary, with {@code _} between digits or after a prefix. A failure's message is Go's reason.
 */
final class GoInts {
    static final String SYNTAX = "invalid syntax";
    static final String RANGE = "value out of range";

    private GoInts() {}

    static long parse(String s, long min, long max) {
        String t = s;
        boolean negative = false;
        if (t.startsWith("+") || t.startsWith("-")) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        boolean prefixed = false;
        if (t.length() > 1 && t.charAt(0) == '0') {
            char p = Character.toLowerCase(t.charAt(1));
            if (p == 'x' || p == 'o' || p == 'b') {
                radix = p == 'x' ? 16 : p == 'o' ? 8 : 2;
                t = t.substring(2);
            } else {
                radix = 8;
                t = t.substring(1);
            }
            prefixed = true;
        }
        t = underscores(t, prefixed);
        if (t == null || t.isEmpty()) throw new NumberFormatException(SYNTAX);
        for (int i = 0; i < t.length(); i++) {
            if (Character.digit(t.charAt(i), radix) < 0) throw new NumberFormatException(SYNTAX);
        }
        BigInteger v = new BigInteger(t, radix);
        if (negative) v = v.negate();
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new NumberFormatException(RANGE);
        }
        return v.longValue();
    }

    /** The digits without Go's separators (between digits, or after a base prefix), or null when one is misplaced. */
    private static String underscores(String digits, boolean prefixed) {
        if (digits.indexOf('_') < 0) return digits;
        if ((!prefixed && digits.startsWith("_")) || digits.endsWith("_") || digits.contains("__")) return null;
        return digits.replace("_", "");
    }

    /** Go's reason for refusing {@code s}, or null if it is an int64. */
    static String reason(String s, long min, long max) {
        try {
            parse(s, min, max);
            return null;
        } catch (NumberFormatException e) {
            return e.getMessage();
        }
    }

    /** Go's {@code strconv.ParseBool}. */
    static Boolean parseBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException(SYNTAX);
        };
    }
}
