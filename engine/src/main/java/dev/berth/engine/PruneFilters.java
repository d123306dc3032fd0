package dev.berth.engine;

import dev.berth.api.backend.Filters;
import dev.berth.spi.EngineException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The filters every prune shares, as dockerd applies them: {@code until} (created before a time or a
 * duration ago), {@code label} (every one matches) and {@code label!} (not every one matches).
 *
 * @param until null when not given
 */
record PruneFilters(Instant until, Set<String> labels, Set<String> notLabels) {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern DURATION = Pattern.compile("[-+]?(?:" + DURATION_PART.pattern() + ")+");
    private static final Pattern UNIX = Pattern.compile("-?\\d+(\\.\\d{1,9})?");

    PruneFilters {
        labels = Set.copyOf(labels);
        notLabels = Set.copyOf(notLabels);
    }

    static PruneFilters of(Filters f, Instant now) {
        Set<String> until = f.get("until");
        if (until.size() > 1) {
            throw EngineException.invalid("more than one until filter specified");
        }
        return new PruneFilters(until.isEmpty() ? null : timestamp(until.iterator().next(), now), f.get("label"),
                f.get("label!"));
    }

    boolean test(Instant created, Map<String, String> objectLabels) {
        if (until != null && !created.isBefore(until)) {
            return false;
        }
        if (!labels.stream().allMatch(l -> ContainerFilter.hasLabel(objectLabels, l))) {
            return false;
        }
        return notLabels.isEmpty() || !notLabels.stream().allMatch(l -> ContainerFilter.hasLabel(objectLabels, l));
    }

    /**
     * A time as dockerd's filters take it: a Go duration before {@code now} ({@code 24h}, {@code 1h30m}),
     * unix seconds with an optional fraction, RFC 3339 (in the daemon's zone when none is given), or a
     * date, {@code 2006-01-02T15} or {@code 2006-01-02T15:04}.
     */
    static Instant timestamp(String value, Instant now) {
        String v = value.trim();
        if (!v.equals("0") && DURATION.matcher(v).matches()) {
            return now.minus(duration(v));
        }
        if (UNIX.matcher(v).matches()) {
            BigDecimal seconds = new BigDecimal(v);
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        ZoneId zone = ZoneId.systemDefault();
        try {
            if (v.matches(".*([zZ]|[+-]\\d\\d:\\d\\d)$") && v.contains("T")) {
                return OffsetDateTime.parse(v).toInstant();
            }
            if (v.matches("\\d{4}-\\d\\d-\\d\\d")) {
                return LocalDate.parse(v).atStartOfDay(zone).toInstant();
            }
            if (v.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d")) {
                return LocalDateTime.parse(v + ":00").atZone(zone).toInstant();
            }
            return LocalDateTime.parse(v).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw EngineException.invalid("failed to parse value as time or duration: \"" + value + "\"");
        }
    }

    private static Duration duration(String v) {
        boolean negative = v.startsWith("-");
        Matcher m = DURATION_PART.matcher(v);
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find()) {
            BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return negative ? d.negated() : d;
    }
}
