package dev.berth.api;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The {@code progress} text of a JSON progress message, as dockerd's {@code JSONProgress.String()}
 * renders it for a 200-column (non-terminal) daemon: {@code [=====>      ]  1.25MB/4.26MB}.
 */
final class ProgressBar {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
    private static final int WIDTH = 50;

    private ProgressBar() {}

    static String render(long current, long total) {
        if (current <= 0 && total <= 0) {
            return "";
        }
        if (total <= 0) {
            return pad(humanSize(current));
        }
        int percentage = (int) ((double) current / total * 100) / 2;
        percentage = Math.min(percentage, WIDTH);
        String box = "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(0, WIDTH - percentage)) + "] ";
        String numbers = current > total ? pad(humanSize(current)) : pad(humanSize(current)) + "/" + humanSize(total);
        return box + numbers;
    }

    /** go-units' HumanSize: decimal units, four significant digits, trailing zeros dropped ({@code %.4g}). */
    static String humanSize(double size) {
        int i = 0;
        while (size >= 1000 && i < UNITS.length - 1) {
            size /= 1000;
            i++;
        }
        BigDecimal d = new BigDecimal(size).round(new MathContext(4)).stripTrailingZeros();
        return d.toPlainString() + UNITS[i];
    }

    private static String pad(String s) {
        return s.length() >= 8 ? s : " ".repeat(8 - s.length()) + s;
    }
}
