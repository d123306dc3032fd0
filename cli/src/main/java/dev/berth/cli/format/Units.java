package dev.berth.cli.format;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** Docker's go-units: human durations and sizes, and sizes given on the command line. */
public final class Units {
    private static final String[] DECIMAL = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};

    private Units() {}

    /** go-units HumanDuration: "Less than a second", "About a minute", "2 hours", "3 weeks"… */
    public static String humanDuration(Duration d) {
        return humanDuration(d.toNanos());
    }

    /** As {@link #humanDuration(Duration)}, for a duration in nanoseconds. */
    public static String humanDuration(long nanos) {
        double secondsF = nanos / 1e9;
        long seconds = (long) secondsF;
        if (seconds < 1) return "Less than a second";
        if (seconds == 1) return "1 second";
        if (seconds < 60) return seconds + " seconds";
        long minutes = (long) (secondsF / 60);
        if (minutes == 1) return "About a minute";
        if (minutes < 60) return minutes + " minutes";
        double hoursF = secondsF / 3600;
        long hours = (long) (hoursF + 0.5);
        if (hours == 1) return "About an hour";
        if (hours < 48) return hours + " hours";
        if (hours < 24 * 7 * 2) return hours / 24 + " days";
        if (hours < 24 * 30 * 2) return hours / 24 / 7 + " weeks";
        if (hours < 24 * 365 * 2) return hours / 24 / 30 + " months";
        return (long) hoursF / 24 / 365 + " years";
    }

    /** go-units HumanSize: four significant digits, decimal units. */
    public static String humanSize(double size) {
        return humanSize(size, 4);
    }

    /** go-units HumanSizeWithPrecision: {@code fmt.Sprintf("%.*g%s", precision, size, unit)}. */
    public static String humanSize(double size, int precision) {
        int i = 0;
        while (size >= 1000.0 && i < DECIMAL.length - 1) {
            size /= 1000.0;
            i++;
        }
        return formatG(size, precision) + DECIMAL[i];
    }

    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};

    /** go-units BytesSize: four significant digits, binary units ({@code 1.5MiB}). */
    public static String bytesSize(double size) {
        int i = 0;
        while (size >= 1024.0 && i < BINARY.length - 1) {
            size /= 1024.0;
            i++;
        }
        return formatG(size, 4) + BINARY[i];
    }

    /** Go's {@code %.*g}: shortest of %e/%f at the given significant digits, trailing zeros dropped. */
    static String formatG(double v, int precision) {
        if (v == 0) return "0";
        BigDecimal rounded = new BigDecimal(v).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        int exp = rounded.precision() - rounded.scale() - 1;
        if (exp < -4 || exp >= precision) {
            BigDecimal mant = rounded.movePointLeft(exp).stripTrailingZeros();
            String m = mant.toPlainString();
            String sign = exp < 0 ? "-" : "+";
            int abs = Math.abs(exp);
            return m + "e" + sign + (abs < 10 ? "0" : "") + abs;
        }
        String s = rounded.stripTrailingZeros().toPlainString();
        return s;
    }

    /** go-units RAMInBytes: "512m", "1.5g", "1024", "2GiB"; binary multiples. */
    public static long ramInBytes(String text) {
        String s = text.trim();
        String num;
        String sfx;
        int space = s.indexOf(' ');
        if (space >= 0) {
            num = s.substring(0, space);
            sfx = s.substring(space + 1);
        } else {
            int sep = -1;
            for (int i = s.length() - 1; i >= 0; i--) {
                char c = s.charAt(i);
                if ((c >= '0' && c <= '9') || c == '.') {
                    sep = i;
                    break;
                }
            }
            if (sep < 0) throw new IllegalArgumentException("invalid size: '" + text + "'");
            num = s.substring(0, sep + 1);
            sfx = s.substring(sep + 1);
        }
        double size;
        try {
            size = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid size: '" + text + "'");
        }
        if (size < 0) throw new IllegalArgumentException("invalid size: '" + text + "'");
        if (sfx.isEmpty()) return (long) size;
        sfx = sfx.toLowerCase(Locale.ROOT);
        if (sfx.length() > 3) throw new IllegalArgumentException("invalid suffix: '" + sfx + "'");
        if (sfx.charAt(0) == 'b') {
            if (sfx.length() > 1) throw new IllegalArgumentException("invalid suffix: '" + sfx + "'");
            return (long) size;
        }
        int power = "kmgtp".indexOf(sfx.charAt(0)) + 1;
        if (power == 0) throw new IllegalArgumentException("invalid suffix: '" + sfx + "'");
        boolean ok = sfx.length() == 1 || sfx.substring(1).equals("b") || sfx.substring(1).equals("ib");
        if (!ok) throw new IllegalArgumentException("invalid suffix: '" + sfx + "'");
        return (long) (size * Math.pow(1024, power));
    }
}
