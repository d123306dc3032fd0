package dev.berth.actors.logs;

import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.LogOpts;
import dev.berth.spi.runtime.LogEntry;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The {@code syslog} log driver's sending side, as dockerd's (moby {@code daemon/logger/syslog} over srslog):
 * one message per entry, stdout at severity info and stderr at err of the {@code syslog-facility} (daemon by
 * default), tagged with {@code tag} ({@code {{.ID}}} by default), in the {@code syslog-format} asked for — ""
 * (srslog's Unix format, {@code <PRI>Mmm _d hh:mm:ss TAG[PID]: MSG}), {@code rfc3164} (with the host name),
 * {@code rfc5424} or {@code rfc5424micro} — each message ending in one newline; empty lines are not sent. The
 * time is the entry's (dockerd takes its clock when it sends, a moment later), in the host's zone.
 *
 * <p>Transports: {@code udp://}, {@code tcp://} (port 514 by default), {@code unix://} (a stream socket),
 * {@code unixgram://} (a datagram socket; the JDK has none, so libc's through jnr-ffi), and no address: the
 * local syslog socket as srslog finds it ({@code /dev/log}, {@code /var/run/syslog}, {@code /var/run/log};
 * datagram first). A failed write is tried once more on a new connection, then the message is dropped, as
 * srslog does.
 */
final class SyslogWriter implements RemoteWriter {
    private static final List<String> LOCAL_PATHS = List.of("/dev/log", "/var/run/syslog", "/var/run/log");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
    private static final DateTimeFormatter RFC3339_MICRO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSXXX", Locale.ROOT);
    private static final int INFO = 6;
    private static final int ERR = 3;

    private final String scheme;
    private final String target;
    private final int facility;
    private final String format;
    private final String tag;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();
    private final ZoneId zone = ZoneId.systemDefault();
    private Connection conn;

    interface Connection extends Closeable {
        void send(byte[] message) throws IOException;
    }

    /**
     * @param connectNow connect here, as dockerd's driver dials when the container starts (else at the first entry)
     * @throws IOException when {@code connectNow} and it cannot (the start fails)
     */
    SyslogWriter(LogConfig config, String tag, String hostname, boolean connectNow) throws IOException {
        LogOpts.SyslogAddress address = LogOpts.syslogAddress(config.config().get("syslog-address"));
        this.scheme = address.scheme();
        this.target = address.target();
        this.facility = LogOpts.syslogFacility(config.config().get("syslog-facility"));
        this.format = config.config().getOrDefault("syslog-format", "");
        this.tag = tag;
        this.hostname = hostname;
        this.conn = connectNow ? connect() : null;
    }

    /** Sends one entry; an IOException when it could not be sent, even on a new connection. */
    @Override
    public void send(LogEntry e) throws IOException {
        int end = RemoteWriter.lineLength(e);
        if (end == 0) {
            return; // dockerd's syslog driver skips empty messages
        }
        byte[] message = format(e.time(), e.stream() == LogEntry.StdStream.STDERR ? ERR : INFO,
                new String(e.data(), 0, end, StandardCharsets.UTF_8));
        if (conn != null) {
            try {
                conn.send(message);
                return;
            } catch (IOException first) {
                closeQuietly();
            }
        }
        conn = connect();
        conn.send(message);
    }

    /** The message as srslog formats it, with its newline. */
    byte[] format(Instant at, int severity, String content) {
        int priority = facility | severity;
        var time = at.atZone(zone);
        String text = switch (format) {
            case "rfc3164" -> "<" + priority + ">" + STAMP.format(time) + " " + hostname + " " + tag + "[" + pid + "]: "
                    + content;
            case "rfc5424" -> "<" + priority + ">1 " + RFC3339.format(time) + " " + hostname + " "
                    + tag + " " + pid + " " + tag + " - " + content;
            case "rfc5424micro" -> "<" + priority + ">1 " + RFC3339_MICRO.format(time) + " "
                    + hostname + " " + tag + " " + pid + " " + tag + " - " + content;
            default -> "<" + priority + ">" + STAMP.format(time) + " " + tag + "[" + pid + "]: " + content;
        };
        return (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private Connection connect() throws IOException {
        return switch (scheme) {
            case "udp" -> channel(DatagramChannel.open().connect(inet()));
            case "tcp" -> channel(SocketChannel.open(inet()));
            case "unix" -> channel(SocketChannel.open(UnixDomainSocketAddress.of(target)));
            case "unixgram" -> UnixDatagram.connect(target);
            default -> local();
        };
    }

    /** srslog's unixSyslog: datagram, then stream, on each of the usual paths. */
    private static Connection local() throws IOException {
        for (String path : LOCAL_PATHS) {
            try {
                return UnixDatagram.connect(path);
            } catch (IOException e) {
                // the next
            }
        }
        for (String path : LOCAL_PATHS) {
            try {
                return channel(SocketChannel.open(UnixDomainSocketAddress.of(path)));
            } catch (IOException e) {
                // the next
            }
        }
        throw new IOException("Unix syslog delivery error");
    }

    private InetSocketAddress inet() {
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(target.substring(colon + 1)));
    }

    private static Connection channel(ByteChannel ch) {
        return new Connection() {
            @Override
            public void send(byte[] message) throws IOException {
                ByteBuffer b = ByteBuffer.wrap(message);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    private void closeQuietly() {
        try {
            if (conn != null) {
                conn.close();
            }
        } catch (IOException e) {
            // gone either way
        }
        conn = null;
    }

    @Override
    public void close() {
        closeQuietly();
    }
}
