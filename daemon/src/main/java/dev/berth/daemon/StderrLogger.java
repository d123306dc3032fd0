package dev.berth.daemon;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One logger of {@link StderrLogging}: {@code <local time, ms, offset> <LEVEL padded to 5> [<logger name cut
 * to ~20 characters>] <message>}, then the stack trace of a throwable; each event is one write, so lines of
 * concurrent events never mix. The same line shape berthd's logs always had.
 */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;
    static final int NAME_WIDTH = 20;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

    private final transient PrintStream out;
    private final String shortName;

    StderrLogger(String name, PrintStream out) {
        this.name = name;
        this.out = out;
        this.shortName = abbreviate(name, NAME_WIDTH);
    }

    private boolean enabled(Level l) {
        return l.toInt() >= StderrLogging.level().toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level l, Marker marker, String pattern, Object[] args, Throwable t) {
        out.print(line(Instant.now(), l, shortName, MessageFormatter.basicArrayFormat(pattern, args), t));
    }

    static String line(Instant time, Level l, String shortName, String message, Throwable t) {
        StringBuilder b = new StringBuilder(64 + (message == null ? 0 : message.length()));
        TIME.formatTo(time, b);
        b.append(' ').append(l.name());
        for (int i = l.name().length(); i < 5; i++) {
            b.append(' ');
        }
        b.append(" [").append(shortName).append("] ").append(message).append(System.lineSeparator());
        if (t != null) {
            StringWriter trace = new StringWriter();
            try (PrintWriter w = new PrintWriter(trace)) {
                t.printStackTrace(w);
            }
            b.append(trace);
        }
        return b.toString();
    }

    /**
     * A dotted name cut towards {@code width} characters the way the log always showed it: package segments
     * from the left become their first letter until the rest fits; the last segment stays whole
     * ({@code dev.berth.actors.Engine} → {@code d.b.actors.Engine}).
     */
    static String abbreviate(String name, int width) {
        int excess = name.length() - width;
        if (excess <= 0) {
            return name;
        }
        int last = name.lastIndexOf('.');
        if (last < 0) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        int start = 0;
        while (start <= last) {
            int dot = name.indexOf('.', start);
            int segment = dot - start;
            if (excess > 0 && segment > 1) {
                b.append(name.charAt(start));
                excess -= segment - 1;
            } else {
                b.append(name, start, dot);
            }
            b.append('.');
            start = dot + 1;
        }
        return b.append(name, last + 1, name.length()).toString();
    }
}
