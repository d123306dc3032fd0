package dev.berth.api;

import dev.berth.spi.EngineException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Docker's time formats on the wire. */
final class Timestamps {
    /** Go's RFC3339NanoFixed: always nine fraction digits, as {@code docker logs -t} shows. */
    private static final DateTimeFormatter NANO_FIXED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    static String formatNanoFixed(Instant t) {
        return NANO_FIXED.format(t);
    }

    /**
     * Berth's {@code at=} (an object as of that instant): the forms {@code since} takes, unix seconds
     * with up to nine fraction digits or RFC 3339 with or without a fraction and with {@code Z} or an
     * offset. Null/empty = null (now).
     *
     * @throws EngineException INVALID_ARGUMENT naming the value when it is neither
     */
    static Instant at(String value) {
        return parse("at", value);
    }

    /**
     * {@code since}/{@code until} values: unix seconds with an optional decimal fraction
     * ({@code 1700000000.5}), as the CLI sends them, or RFC 3339. Null/empty = null; "0" = the epoch.
     */
    static Instant parse(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.matches("-?[0-9]+(\\.[0-9]{1,9})?")) {
            String[] parts = value.split("\\.", 2);
            long nanos = 0;
            if (parts.length == 2) {
                String digits = (parts[1] + "000000000").substring(0, 9);
                nanos = Long.parseLong(digits);
            }
            try {
                return Instant.ofEpochSecond(Long.parseLong(parts[0]), nanos);
            } catch (NumberFormatException | DateTimeException e) {
                // more seconds than a long or an Instant holds: the client's value, not a server error
                throw EngineException.invalid("invalid value for " + name + ": " + value + " is out of range");
            }
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw EngineException.invalid("invalid value for " + name + ": " + value);
        }
    }
}
