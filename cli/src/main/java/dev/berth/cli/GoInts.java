package dev.berth.cli;

import java.math.BigInteger;
import picocli.CommandLine.ITypeConverter;

/**
 * Boolean and integer flag values as the docker CLI's flag parser reads them (Go's {@code strconv.ParseInt(s, 0, 64)}):
 * an optional sign, then decimal, {@code 0x} hex, {@code 0o} or a leading {@code 0} octal, {@code 0b}
 * binary, with {@code _} between digits or after a prefix. A failure's message is Go's reason.
 * The docker CLI's unsigned flags ({@code --blkio-weight} is a uint16, {@code --io-maxiops} a uint64)
 * are read as Go's {@code strconv.ParseUint(s, 0, bits)}, which takes no sign, by the {@link Uint16}
 * and {@link Uint64} converters.
 */
public final class GoInts {
    static final String SYNTAX = "invalid syntax";
    static final String RANGE = "value out of range";

    private GoInts() {}

    static long parse(String s, long min, long max) {
        return parse(s, true, BigInteger.valueOf(min), BigInteger.valueOf(max)).longValue();
    }

    /** Go's {@code strconv.ParseUint(s, 0, bits)}; a uint64 above Long.MAX_VALUE comes back as its two's complement. */
    static long parseUnsigned(String s, int bits) {
        return parse(s, false, BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)).longValue();
    }

    private static BigInteger parse(String s, boolean signed, BigInteger min, BigInteger max) {
        String t = s;
        boolean negative = false;
        if (signed && (t.startsWith("+") || t.startsWith("-"))) {
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
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new NumberFormatException(RANGE);
        }
        return v;
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

    /** Go's reason for refusing {@code s} as an unsigned {@code bits}-bit value, or null if it is one. */
    static String unsignedReason(String s, int bits) {
        try {
            parseUnsigned(s, bits);
            return null;
        } catch (NumberFormatException e) {
            return e.getMessage();
        }
    }

    /** The bits of an unsigned flag whose converter is one of ours, or 0 for any other flag. */
    static int unsignedBits(ITypeConverter<?>[] converters) {
        for (ITypeConverter<?> c : converters) {
            if (c instanceof Uint16) return 16;
            if (c instanceof Uint64) return 64;
        }
        return 0;
    }

    /** A pflag {@code Uint16} flag's value ({@code --blkio-weight}). */
    public static final class Uint16 implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) parseUnsigned(value, 16);
        }
    }

    /** A pflag {@code Uint64} flag's value ({@code --io-maxiops}). */
    public static final class Uint64 implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return parseUnsigned(value, 64);
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
