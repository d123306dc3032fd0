package dev.berth.actors.support;

import dev.berth.spi.EngineException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Signal names as Docker takes them ({@code SIGTERM}, {@code term}, {@code 15}) to Linux numbers, with
 * dockerd's rules: a number is taken as it is (0 refused), a name must be one of Linux's (the real-time
 * ones as {@code RTMIN+n}/{@code RTMAX-n}); {@code kill} also refuses a number Linux has no signal for.
 */
public final class Signals {
    private static final int RTMIN = 34;
    private static final int RTMAX = 64;
    private static final Map<String, Integer> NUMBERS = names();

    private static Map<String, Integer> names() {
        Map<String, Integer> m = new HashMap<>(Map.ofEntries(
                Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
                Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
                Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
                Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
                Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CLD", 17), Map.entry("CONT", 18),
                Map.entry("STOP", 19), Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22),
                Map.entry("URG", 23), Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26),
                Map.entry("PROF", 27), Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29),
                Map.entry("PWR", 30), Map.entry("SYS", 31), Map.entry("RTMIN", RTMIN), Map.entry("RTMAX", RTMAX)));
        // Go's table names RTMIN+1..15 and RTMAX-14..1, so every real-time signal has exactly one spelling
        for (int i = 1; i <= 15; i++) {
            m.put("RTMIN+" + i, RTMIN + i);
        }
        for (int i = 1; i <= 14; i++) {
            m.put("RTMAX-" + i, RTMAX - i);
        }
        return Map.copyOf(m);
    }

    /**
     * As dockerd parses {@code StopSignal}, {@code stop -s} and {@code kill -s}.
     *
     * @throws EngineException INVALID_ARGUMENT with dockerd's wording for an unknown signal
     */
    public static int parse(String signal) {
        String s = signal;
        if (s.matches("[+-]?\\d{1,9}")) {
            int n = Integer.parseInt(s);
            if (n != 0) {
                return n;
            }
        } else {
            String name = s.toUpperCase(Locale.ROOT);
            Integer n = NUMBERS.get(name.startsWith("SIG") ? name.substring(3) : name);
            if (n != null) {
                return n;
            }
        }
        throw EngineException.invalid("invalid signal: " + signal);
    }

    /** As {@link #parse}, and a signal Linux has (what dockerd asks of {@code kill -s}). */
    public static int parseForKill(String signal) {
        int n = parse(signal);
        if (!NUMBERS.containsValue(n)) {
            throw EngineException.invalid("the linux daemon does not support signal " + n);
        }
        return n;
    }

    private Signals() {}
}
