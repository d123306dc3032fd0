package dev.berth.daemon.sinks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One RFC 5424 message: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG}, the event's JSON as
 * MSG (UTF-8, with the BOM the RFC asks of UTF-8 text), MSGID {@code event}, severity informational.
 */
record SyslogFrame(int facility, String hostname, String tag, long pid) {
    /** RFC 5424's facility names, by code (6.2.1); {@code daemon} is 3. */
    static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1",
            "local2", "local3", "local4", "local5", "local6", "local7");
    static final int INFORMATIONAL = 6;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX")
            .withZone(ZoneOffset.UTC);
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    SyslogFrame {
        if (facility < 0 || facility >= FACILITIES.size()) {
            throw new IllegalArgumentException("facility " + facility);
        }
        hostname = field(hostname, 255);
        tag = field(tag, 48);
    }

    /** The code of a facility name; -1 when it is none. */
    static int facility(String name) {
        return FACILITIES.indexOf(name.toLowerCase(Locale.ROOT));
    }

    byte[] format(Instant at, String json) {
        String header = "<" + (facility * 8 + INFORMATIONAL) + ">1 " + TIME.format(at) + " " + hostname + " " + tag
                + " " + pid + " event - ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] msg = json.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + BOM.length + msg.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(BOM, 0, out, head.length, BOM.length);
        System.arraycopy(msg, 0, out, head.length + BOM.length, msg.length);
        return out;
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} long, "-" when empty. */
    private static String field(String value, int max) {
        StringBuilder b = new StringBuilder();
        for (char c : (value == null ? "" : value).toCharArray()) {
            if (c > 32 && c < 127 && b.length() < max) {
                b.append(c);
            }
        }
        return b.length() == 0 ? "-" : b.toString();
    }
}
