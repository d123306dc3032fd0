package dev.berth.actors.logs;

import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.LogConfig;
import dev.berth.spi.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code journald} log driver's sending side, as dockerd's (moby {@code daemon/logger/journald} over go-systemd's
 * {@code journal.Send}): one journal entry per line through journald's native protocol on
 * {@code /run/systemd/journal/socket} — {@code MESSAGE} (the line without its newline), {@code PRIORITY} (6 for
 * stdout, 3 for stderr), {@code CONTAINER_ID} (short), {@code CONTAINER_ID_FULL}, {@code CONTAINER_NAME},
 * {@code CONTAINER_TAG} and {@code SYSLOG_IDENTIFIER} (the {@code tag}, {@code {{.ID}}} by default), {@code IMAGE_NAME},
 * {@code CONTAINER_LOG_EPOCH} (random, one per run) with {@code CONTAINER_LOG_ORDINAL} (counting from 1),
 * {@code SYSLOG_TIMESTAMP} (the entry's time, RFC 3339 with nanoseconds), the pieces of a line too long for one
 * entry with dockerd's {@code CONTAINER_PARTIAL_*} fields, and the labels and env the options name, their keys
 * upper-cased with every other character than a letter or digit made {@code _} and leading ones dropped. A value
 * with a newline goes in the protocol's binary form (name, newline, 64-bit little-endian length, value, newline).
 */
final class JournaldWriter implements RemoteWriter {
    static final Path SOCKET = Path.of("/run/systemd/journal/socket");
    private static final int INFO = 6;
    private static final int ERR = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path socket;
    private final byte[] fixed;
    private long ordinal;
    private final String[] partialId = new String[2];
    private final int[] partialOrdinal = new int[2];
    private final Reconnecting conn;

    /**
     * @param connectNow connect here, as dockerd's driver checks journald when the container starts
     * @throws IOException "journald is not enabled on this host" when its socket is not there
     */
    JournaldWriter(ContainerInfo info, LogConfig config, String tag, Path socket, boolean connectNow) throws IOException {
        this.socket = socket;
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("CONTAINER_ID", info.id().substring(0, Math.min(12, info.id().length())));
        vars.put("CONTAINER_ID_FULL", info.id());
        vars.put("CONTAINER_NAME", info.name());
        vars.put("CONTAINER_TAG", tag);
        vars.put("IMAGE_NAME", info.config().image());
        vars.put("SYSLOG_IDENTIFIER", tag);
        byte[] epoch = new byte[32];
        RANDOM.nextBytes(epoch);
        vars.put("CONTAINER_LOG_EPOCH", HexFormat.of().formatHex(epoch));
        LogAttributes.extra(info, config).forEach((k, v) -> {
            String key = sanitize(k);
            if (!key.isEmpty()) {
                vars.put(key, v);
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        vars.forEach((k, v) -> append(out, k, v));
        this.fixed = out.toByteArray();
        this.conn = new Reconnecting(this::connect, connectNow);
    }

    /** dockerd's sanitizeKeyMod: letters upper-cased, other characters than A-Z and 0-9 made {@code _}, leading ones dropped. */
    static String sanitize(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); ) {
            int c = key.codePointAt(i);
            i += Character.charCount(c);
            if (c >= 'a' && c <= 'z') {
                c = Character.toUpperCase(c);
            } else if ((c > 'Z' || c < 'A') && (c > '9' || c < '0')) {
                c = '_';
            }
            if (b.length() == 0 && c == '_') {
                continue;
            }
            b.appendCodePoint(c);
        }
        return b.toString();
    }

    private Reconnecting.Connection connect() throws IOException {
        if (!Files.exists(socket)) {
            throw new IOException("journald is not enabled on this host");
        }
        try {
            return UnixDatagram.connect(socket.toString());
        } catch (IOException e) {
            throw new IOException("journald is not enabled on this host", e);
        }
    }

    @Override
    public void send(LogEntry e) throws IOException {
        conn.send(entry(e));
    }

    /** One entry in journald's native protocol. */
    byte[] entry(LogEntry e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + e.data().length + fixed.length);
        append(out, "PRIORITY", Integer.toString(e.stream() == LogEntry.StdStream.STDERR ? ERR : INFO));
        append(out, "MESSAGE", new String(e.data(), 0, RemoteWriter.lineLength(e), StandardCharsets.UTF_8));
        out.writeBytes(fixed);
        append(out, "SYSLOG_TIMESTAMP", DateTimeFormatter.ISO_INSTANT.format(e.time()));
        // a line longer than an entry (16 KiB) goes in pieces, marked as dockerd marks them
        int s = e.stream().ordinal();
        if (e.partial() || partialId[s] != null) {
            if (partialId[s] == null) {
                byte[] id = new byte[32];
                RANDOM.nextBytes(id);
                partialId[s] = HexFormat.of().formatHex(id);
                partialOrdinal[s] = 0;
            }
            append(out, "CONTAINER_PARTIAL_ID", partialId[s]);
            append(out, "CONTAINER_PARTIAL_ORDINAL", Integer.toString(++partialOrdinal[s]));
            append(out, "CONTAINER_PARTIAL_LAST", Boolean.toString(!e.partial()));
            if (e.partial()) {
                append(out, "CONTAINER_PARTIAL_MESSAGE", "true");
            } else {
                partialId[s] = null;
            }
        }
        append(out, "CONTAINER_LOG_ORDINAL", Long.toString(++ordinal));
        return out.toByteArray();
    }

    /** go-systemd's appendVariable: {@code NAME=value\n}, or for a value with a newline the binary form. */
    private static void append(ByteArrayOutputStream out, String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(n);
        if (value.indexOf('\n') < 0) {
            out.write('=');
            out.writeBytes(v);
        } else {
            out.write('\n');
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v.length).array());
            out.writeBytes(v);
        }
        out.write('\n');
    }

    @Override
    public void close() {
        conn.close();
    }
}
