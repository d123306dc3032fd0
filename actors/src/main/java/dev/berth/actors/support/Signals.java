package dev.berth.actors.support;

import dev.berth.spi.EngineException;
import java.util.Locale;
import java.util.Map;

/** Signal names as Docker takes them ({@code SIGTERM}, {@code TERM}, {@code 15}) to Linux numbers. */
public final class Signals {
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("IOT", 6), Map.entry("BUS", 7),
            Map.entry("FPE", 8), Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11),
            Map.entry("USR2", 12), Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15),
            Map.entry("STKFLT", 16), Map.entry("CHLD", 17), Map.entry("CONT", 18), Map.entry("STOP", 19),
            Map.entry("TSTP", 20), Map.entry("TTIN", 21), Map.entry("TTOU", 22), Map.entry("URG", 23),
            Map.entry("XCPU", 24), Map.entry("XFSZ", 25), Map.entry("VTALRM", 26), Map.entry("PROF", 27),
            Map.entry("WINCH", 28), Map.entry("IO", 29), Map.entry("POLL", 29), Map.entry("PWR", 30),
            Map.entry("SYS", 31));

    /** @throws EngineException INVALID_ARGUMENT with Docker's wording for an unknown signal */
    public static int parse(String signal) {
        String s = signal.trim().toUpperCase(Locale.ROOT);
        if (s.matches("\\d+")) {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= 64) {
                return n;
            }
        } else {
            if (s.startsWith("SIG")) {
                s = s.substring(3);
            }
            if (s.startsWith("RTMIN") || s.startsWith("RTMAX")) {
                return rt(s);
            }
            Integer n = NUMBERS.get(s);
            if (n != null) {
                return n;
            }
        }
        throw EngineException.invalid("Invalid signal: " + signal);
    }

    private static int rt(String s) {
        try {
            if (s.equals("RTMIN")) {
                return 34;
            }
            if (s.equals("RTMAX")) {
                return 64;
            }
            int off = Integer.parseInt(s.substring(6));
            return s.startsWith("RTMIN+") ? 34 + off : 64 - off;
        } catch (RuntimeException e) {
            throw EngineException.invalid("Invalid signal: SIG" + s);
        }
    }

    private Signals() {}
}
