package dev.berth.actors.logs;

import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.LogOpts;
import dev.berth.spi.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code gelf} log driver's sending side, as dockerd's (moby {@code daemon/logger/gelf} over go-gelf): one
 * GELF 1.1 message per entry — {@code version}, {@code host}, {@code short_message} (the line without its
 * newline), {@code timestamp} (seconds, millisecond precision), {@code level} (6 for stdout, 3 for stderr), then
 * dockerd's extra fields {@code _command}, {@code _container_id}, {@code _container_name}, {@code _created},
 * {@code _image_id}, {@code _image_name}, {@code _tag} and the labels and env the options name, each with a
 * leading {@code _}, keys sorted. Over UDP the message is compressed ({@code gelf-compression-type} gzip by
 * default, zlib or none; {@code gelf-compression-level}, 1 by default) and cut into GELF chunks past 1,420
 * bytes; over TCP it is sent plain, ended by a zero byte. Empty lines are not sent.
 */
final class GelfWriter implements RemoteWriter {
    private static final int CHUNK_SIZE = 1420;
    private static final int CHUNK_DATA = CHUNK_SIZE - 12;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ISO_INSTANT;

    private final boolean udp;
    private final InetSocketAddress address;
    private final String compression;
    private final int level;
    private final int maxReconnect;
    private final long reconnectDelayMs;
    private final byte[] head;
    private final byte[] extra;
    private DatagramChannel datagrams;
    private SocketChannel stream;

    /**
     * @param connectNow connect here, as dockerd's driver dials when the container starts (else at the first entry)
     * @throws IOException when {@code connectNow} and it cannot
     */
    GelfWriter(ContainerInfo info, LogConfig config, String tag, String hostname, boolean connectNow) throws IOException {
        Map<String, String> opts = config.config();
        LogOpts.GelfAddress a = LogOpts.gelfAddress(opts.get("gelf-address"));
        this.udp = a.scheme().equals("udp");
        this.address = new InetSocketAddress(a.host(), a.port());
        this.compression = opts.getOrDefault("gelf-compression-type", "gzip");
        this.level = Integer.parseInt(opts.getOrDefault("gelf-compression-level", "1"));
        this.maxReconnect = Integer.parseInt(opts.getOrDefault("gelf-tcp-max-reconnect", "3"));
        // go-gelf multiplies the option by a second
        this.reconnectDelayMs = Long.parseLong(opts.getOrDefault("gelf-tcp-reconnect-delay", "1")) * 1000;
        this.head = ("{\"version\":\"1.1\",\"host\":" + json(hostname) + ",\"short_message\":")
                .getBytes(StandardCharsets.UTF_8);
        this.extra = extra(info, config, tag).getBytes(StandardCharsets.UTF_8);
        if (connectNow) {
            try {
                connect();
            } catch (IOException e) {
                throw new IOException("gelf: cannot connect to GELF endpoint: " + a.host() + ":" + a.port() + " "
                        + e.getMessage(), e);
            }
        }
    }

    /** dockerd's extra fields, as json.Marshal writes the map: keys sorted. */
    private static String extra(ContainerInfo info, LogConfig config, String tag) {
        Map<String, String> values = LogAttributes.tagValues(info, "");
        Map<String, String> fields = new TreeMap<>();
        fields.put("_container_id", info.id());
        fields.put("_container_name", values.get("Name"));
        fields.put("_image_id", values.get("ImageFullID"));
        fields.put("_image_name", values.get("ImageName"));
        fields.put("_command", values.get("Command"));
        fields.put("_tag", tag);
        fields.put("_created", RFC3339_NANO.format(info.created()));
        LogAttributes.extra(info, config).forEach((k, v) -> fields.put(k.startsWith("_") ? k : "_" + k, v));
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(',').append(json(k)).append(':').append(json(v)));
        return b.toString();
    }

    @Override
    public void send(LogEntry e) throws IOException {
        int end = RemoteWriter.lineLength(e);
        if (end == 0) {
            return; // dockerd's gelf driver skips empty messages
        }
        byte[] message = message(e, end);
        try {
            write(message);
        } catch (IOException first) {
            close();
            if (udp) {
                throw first;
            }
            // go-gelf's TCP writer reconnects up to gelf-tcp-max-reconnect times, gelf-tcp-reconnect-delay apart
            IOException last = first;
            for (int i = 0; i < maxReconnect; i++) {
                try {
                    Thread.sleep(reconnectDelayMs);
                    write(message);
                    return;
                } catch (IOException again) {
                    close();
                    last = again;
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw last;
        }
    }

    /** The message's JSON. */
    byte[] message(LogEntry e, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + end + extra.length + 64);
        out.writeBytes(head);
        JsonLogLine.writeString(out, java.util.Arrays.copyOf(e.data(), end));
        long millis = e.time().toEpochMilli();
        out.writeBytes((",\"timestamp\":" + BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString()
                + ",\"level\":" + (e.stream() == LogEntry.StdStream.STDERR ? 3 : 6)).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(extra);
        out.write('}');
        return out.toByteArray();
    }

    private void write(byte[] message) throws IOException {
        connect();
        if (!udp) {
            ByteBuffer b = ByteBuffer.allocate(message.length + 1).put(message).put((byte) 0).flip();
            while (b.hasRemaining()) {
                stream.write(b);
            }
            return;
        }
        byte[] z = compress(message);
        if (z.length <= CHUNK_SIZE) {
            datagrams.write(ByteBuffer.wrap(z));
            return;
        }
        int chunks = z.length / CHUNK_DATA + 1;
        if (chunks > 128) {
            throw new IOException("msg too large, would need " + chunks + " chunks");
        }
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        for (int i = 0; i < chunks; i++) {
            int off = i * CHUNK_DATA;
            int len = Math.min(CHUNK_DATA, z.length - off);
            ByteBuffer b = ByteBuffer.allocate(12 + len).put((byte) 0x1e).put((byte) 0x0f).put(id)
                    .put((byte) i).put((byte) chunks).put(z, off, len).flip();
            datagrams.write(b);
        }
    }

    private byte[] compress(byte[] message) throws IOException {
        if (compression.equals("none")) {
            return message;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 32);
        if (compression.equals("zlib")) {
            java.util.zip.Deflater deflater = new java.util.zip.Deflater(level, false);
            try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater)) {
                z.write(message);
            } finally {
                deflater.end();
            }
        } else {
            try (GZIPOutputStream z = new LeveledGzip(out, level)) {
                z.write(message);
            }
        }
        return out.toByteArray();
    }

    /** GZIPOutputStream at a chosen level. */
    private static final class LeveledGzip extends GZIPOutputStream {
        LeveledGzip(java.io.OutputStream out, int level) throws IOException {
            super(out);
            def.setLevel(level);
        }
    }

    private void connect() throws IOException {
        if (udp && datagrams == null) {
            datagrams = DatagramChannel.open().connect(address);
        } else if (!udp && stream == null) {
            stream = SocketChannel.open(address);
        }
    }

    @Override
    public void close() {
        try {
            if (datagrams != null) {
                datagrams.close();
            }
            if (stream != null) {
                stream.close();
            }
        } catch (IOException e) {
            // gone either way
        }
        datagrams = null;
        stream = null;
    }

    private static String json(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLogLine.writeString(out, s.getBytes(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
