package dev.berth.actors.logs;

import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.LogOpts;
import dev.berth.spi.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code fluentd} log driver's sending side, as dockerd's (moby {@code daemon/logger/fluentd} over
 * fluent-logger-golang): each entry a Forward-protocol message {@code [tag, time, record, option]} in msgpack —
 * the time in seconds, or an EventTime with {@code fluentd-sub-second-precision}; the record {@code
 * container_id}, {@code container_name} ({@code /name}), {@code source}, {@code log} (the line without its
 * newline) and the labels and env the options name; the option {@code {}}, or {@code {"chunk": id}} with
 * {@code fluentd-request-ack}, whose {@code {"ack": id}} answer is awaited. Over TCP or a unix socket.
 *
 * <p>Delivery: messages wait in a queue of at most {@code fluentd-buffer-limit} bytes (1 MiB; a message that
 * does not fit is dropped, as the library's buffer-full error drops it) and are written in order; a failed
 * write closes the connection, and that message is tried again {@code fluentd-retry-wait} later (1 s), doubling
 * each time, until {@code fluentd-max-retries}, then dropped. The shipper asks again at each of its ticks, so a
 * fluentd that is down never holds other containers' logs back: writes and the ack wait are bounded by {@code
 * fluentd-write-timeout} (5 s when unset, where the library would wait forever). Without {@code fluentd-async}
 * the connection is made as the container starts and a refusal fails the start, as dockerd's.
 */
final class FluentdWriter implements RemoteWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FluentdWriter.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long DEFAULT_TIMEOUT_MS = 5_000;

    private final LogOpts.Fluentd cfg;
    private final String tag;
    private final Map<String, String> fixed;
    private final Map<String, String> extra;
    private final long timeoutMs;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private long queuedBytes;
    private SocketChannel channel;
    private long connectedAt;
    private final String[] partialId = new String[2];
    private final int[] partialOrdinal = new int[2];

    private static final class Pending {
        final byte[] data;
        final String ack;
        int failures;
        long notBefore;

        Pending(byte[] data, String ack) {
            this.data = data;
            this.ack = ack;
        }
    }

    FluentdWriter(ContainerInfo info, LogConfig config, String tag, boolean connectNow) throws IOException {
        this.cfg = LogOpts.fluentd(config.config());
        this.tag = tag;
        this.timeoutMs = cfg.writeTimeoutMs() > 0 ? cfg.writeTimeoutMs() : DEFAULT_TIMEOUT_MS;
        Map<String, String> f = new LinkedHashMap<>();
        f.put("container_id", info.id());
        f.put("container_name", "/" + info.name());
        this.fixed = f;
        this.extra = LogAttributes.extra(info, config);
        if (connectNow && !cfg.async()) {
            connect();
        }
    }


    @Override
    public void send(LogEntry e) {
        int s = e.stream().ordinal();
        int end = RemoteWriter.lineLength(e);
        Map<String, String> record = new LinkedHashMap<>(fixed);
        record.put("source", e.stream() == LogEntry.StdStream.STDERR ? "stderr" : "stdout");
        record.put("log", new String(e.data(), 0, end, StandardCharsets.UTF_8));
        record.putAll(extra);
        // a line longer than a message (16 KiB) goes in pieces, marked as dockerd marks them
        if (e.partial() || partialId[s] != null) {
            if (partialId[s] == null) {
                partialId[s] = Long.toHexString(RANDOM.nextLong());
                partialOrdinal[s] = 0;
            }
            record.put("partial_message", "true");
            record.put("partial_id", partialId[s]);
            record.put("partial_ordinal", Integer.toString(++partialOrdinal[s]));
            record.put("partial_last", Boolean.toString(!e.partial()));
            if (!e.partial()) {
                partialId[s] = null;
            }
        }
        String ack = null;
        Map<String, String> option = new LinkedHashMap<>();
        if (cfg.requestAck()) {
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            ack = Base64.getEncoder().encodeToString(id);
            option.put("chunk", ack);
        }
        byte[] data = encode(e, record, option);
        if (queuedBytes + data.length > cfg.bufferLimit()) {
            LOG.warn("fluentd log buffer full (limit {} bytes): a message of {} dropped", cfg.bufferLimit(), tag);
            return;
        }
        queue.addLast(new Pending(data, ack));
        queuedBytes += data.length;
        tick();
    }

    /** Writes what is queued and due, in order; stops at the first failure (its retry waits). */
    @Override
    public void tick() {
        long now = System.currentTimeMillis();
        while (!queue.isEmpty()) {
            Pending p = queue.peekFirst();
            if (p.notBefore > now) {
                return;
            }
            try {
                if (channel != null && cfg.asyncReconnectMs() > 0 && now - connectedAt >= cfg.asyncReconnectMs()) {
                    close(); // fluentd-async-reconnect-interval: a fresh connection (and name lookup) that often
                }
                if (channel == null) {
                    connect();
                }
                write(p);
                queue.removeFirst();
                queuedBytes -= p.data.length;
            } catch (IOException ex) {
                close();
                p.failures++;
                if (p.failures > cfg.maxRetries()) {
                    queue.removeFirst();
                    queuedBytes -= p.data.length;
                    LOG.warn("fluentd: a message of {} dropped after {} attempts: {}", tag, p.failures, ex.toString());
                    continue;
                }
                long wait = cfg.retryWaitMs() << Math.min(p.failures - 1, 16);
                p.notBefore = now + Math.min(wait, 60_000);
                return;
            }
        }
    }

    private void connect() throws IOException {
        SocketAddress address = cfg.protocol().equals("unix") ? UnixDomainSocketAddress.of(cfg.path())
                : new InetSocketAddress(cfg.host(), cfg.port());
        SocketChannel ch = SocketChannel.open();
        try {
            ch.configureBlocking(false);
            if (!ch.connect(address)) {
                await(ch, SelectionKey.OP_CONNECT);
                ch.finishConnect();
            }
        } catch (IOException e) {
            ch.close();
            String where = cfg.protocol().equals("unix") ? "unix " + cfg.path() : "tcp " + cfg.host() + ":" + cfg.port();
            throw new IOException("dial " + where + ": " + e.getMessage(), e);
        }
        channel = ch;
        connectedAt = System.currentTimeMillis();
    }

    private void write(Pending p) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(p.data);
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                await(channel, SelectionKey.OP_WRITE);
            }
        }
        if (p.ack != null) {
            String got = readAck();
            if (!p.ack.equals(got)) {
                throw new IOException("message ack (" + got + ") doesn't match expected one (" + p.ack + ")");
            }
        }
    }

    /** The {@code ack} of fluentd's answer: a msgpack map of one string. */
    private String readAck() throws IOException {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(512);
        while (true) {
            String ack;
            try {
                ack = MsgPack.ackOf(in.toByteArray());
            } catch (IllegalStateException e) {
                throw new IOException("unreadable ack from fluentd: " + e.getMessage(), e);
            }
            if (ack != null) {
                return ack;
            }
            b.clear();
            int n = channel.read(b);
            if (n < 0) {
                throw new IOException("fluentd closed the connection before its ack");
            }
            if (n == 0) {
                await(channel, SelectionKey.OP_READ);
                continue;
            }
            in.write(b.array(), 0, n);
        }
    }

    private void await(SocketChannel ch, int op) throws IOException {
        try (Selector sel = Selector.open()) {
            ch.register(sel, op);
            if (sel.select(timeoutMs) == 0) {
                throw new IOException("i/o timeout after " + timeoutMs + " ms");
            }
        }
    }

    private byte[] encode(LogEntry e, Map<String, String> record, Map<String, String> option) {
        MsgPack m = new MsgPack();
        m.array(4);
        m.string(tag);
        if (cfg.subSecond()) {
            m.eventTime(e.time().getEpochSecond(), e.time().getNano());
        } else {
            m.integer(e.time().getEpochSecond());
        }
        m.map(record);
        m.map(option);
        return m.bytes();
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // gone either way
            }
            channel = null;
        }
    }

    /** The little of msgpack the Forward protocol needs here. */
    static final class MsgPack {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void array(int n) {
            if (n < 16) {
                out.write(0x90 | n);
            } else {
                out.write(0xdc);
                out.write(n >> 8);
                out.write(n);
            }
        }

        void map(Map<String, String> m) {
            int n = m.size();
            if (n < 16) {
                out.write(0x80 | n);
            } else {
                out.write(0xde);
                out.write(n >> 8);
                out.write(n);
            }
            m.forEach((k, v) -> {
                string(k);
                string(v);
            });
        }

        void string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int n = b.length;
            if (n < 32) {
                out.write(0xa0 | n);
            } else if (n < 256) {
                out.write(0xd9);
                out.write(n);
            } else if (n < 65536) {
                out.write(0xda);
                out.write(n >> 8);
                out.write(n);
            } else {
                out.write(0xdb);
                out.writeBytes(ByteBuffer.allocate(4).putInt(n).array());
            }
            out.writeBytes(b);
        }

        void integer(long v) {
            out.write(0xd3);
            out.writeBytes(ByteBuffer.allocate(8).putLong(v).array());
        }

        /** Fluentd's EventTime: ext type 0, seconds and nanoseconds as two big-endian 32-bit numbers. */
        void eventTime(long seconds, int nanos) {
            out.write(0xd7);
            out.write(0x00);
            out.writeBytes(ByteBuffer.allocate(8).putInt((int) seconds).putInt(nanos).array());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        /** The value of {@code ack} in a complete msgpack map of strings; null while incomplete. */
        static String ackOf(byte[] b) {
            int[] at = {0};
            try {
                int n = mapSize(b, at);
                String ack = "";
                for (int i = 0; i < n; i++) {
                    String k = str(b, at);
                    String v = str(b, at);
                    if (k.equals("ack")) {
                        ack = v;
                    }
                }
                return ack;
            } catch (IndexOutOfBoundsException e) {
                return null;
            }
        }

        private static int mapSize(byte[] b, int[] at) {
            int c = b[at[0]++] & 0xff;
            if ((c & 0xf0) == 0x80) {
                return c & 0x0f;
            }
            if (c == 0xde) {
                int n = ((b[at[0]] & 0xff) << 8) | (b[at[0] + 1] & 0xff);
                at[0] += 2;
                return n;
            }
            throw new IllegalStateException("not a map");
        }

        private static String str(byte[] b, int[] at) {
            int c = b[at[0]++] & 0xff;
            int n;
            if ((c & 0xe0) == 0xa0) {
                n = c & 0x1f;
            } else if (c == 0xd9) {
                n = b[at[0]++] & 0xff;
            } else if (c == 0xda) {
                n = ((b[at[0]] & 0xff) << 8) | (b[at[0] + 1] & 0xff);
                at[0] += 2;
            } else {
                throw new IllegalStateException("not a string");
            }
            if (at[0] + n > b.length) {
                throw new IndexOutOfBoundsException();
            }
            String s = new String(b, at[0], n, StandardCharsets.UTF_8);
            at[0] += n;
            return s;
        }
    }
}
