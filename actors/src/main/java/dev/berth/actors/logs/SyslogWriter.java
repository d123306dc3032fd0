package dev.berth.actors.logs;

import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.LogOpts;
import dev.berth.spi.runtime.LogEntry;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The {@code syslog} log driver's sending side, as dockerd's (moby {@code daemon/logger/syslog} over srslog):
 * one message per entry, stdout at severity info and stderr at err of the {@code syslog-facility} (daemon by
 * default), tagged with {@code tag} ({@code {{.ID}}} by default), in the {@code syslog-format} asked for — ""
 * (srslog's Unix format, {@code <PRI>Mmm _d hh:mm:ss TAG[PID]: MSG}), {@code rfc3164} (with the host name),
 * {@code rfc5424} or {@code rfc5424micro} — each message ending in one newline; empty lines are not sent. The
 * time is the entry's (dockerd takes its clock when it sends, a moment later), in the host's zone.
 *
 * <p>Transports: {@code udp://}, {@code tcp://} (port 514 by default), {@code tcp+tls://} (the same over TLS, RFC
 * 5424 messages framed with their octet count as RFC 5425 says), {@code unix://} (a stream socket),
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
    private final Map<String, String> opts;
    private final int facility;
    private final String format;
    private final String tag;
    private final String hostname;
    private final long pid = ProcessHandle.current().pid();
    private final ZoneId zone = ZoneId.systemDefault();
    private final Reconnecting conn;

    /**
     * @param connectNow connect here, as dockerd's driver dials when the container starts (else at the first entry)
     * @throws IOException when {@code connectNow} and it cannot (the start fails)
     */
    SyslogWriter(LogConfig config, String tag, String hostname, boolean connectNow) throws IOException {
        LogOpts.SyslogAddress address = LogOpts.syslogAddress(config.config().get("syslog-address"));
        this.scheme = address.scheme();
        this.target = address.target();
        this.opts = config.config();
        this.facility = LogOpts.syslogFacility(config.config().get("syslog-facility"));
        this.format = config.config().getOrDefault("syslog-format", "");
        this.tag = tag;
        this.hostname = hostname;
        this.conn = new Reconnecting(this::connect, connectNow);
    }

    /** Sends one entry; an IOException when it could not be sent, even on a new connection. */
    @Override
    public void send(LogEntry e) throws IOException {
        int end = RemoteWriter.lineLength(e);
        if (end == 0) {
            return; // dockerd's syslog driver skips empty messages
        }
        byte[] message = frame(format(e.time(), e.stream() == LogEntry.StdStream.STDERR ? ERR : INFO,
                new String(e.data(), 0, end, StandardCharsets.UTF_8)));
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

    /**
     * srslog's framer as dockerd picks it: over {@code tcp+tls} an RFC 5424 message goes with RFC 5425's octet count
     * ({@code LEN SP MSG}); every other message as it is.
     */
    byte[] frame(byte[] message) {
        if (!scheme.equals("tcp+tls") || !format.startsWith("rfc5424")) {
            return message;
        }
        byte[] count = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[count.length + message.length];
        System.arraycopy(count, 0, framed, 0, count.length);
        System.arraycopy(message, 0, framed, count.length, message.length);
        return framed;
    }

    private Reconnecting.Connection connect() throws IOException {
        return switch (scheme) {
            case "udp" -> channel(DatagramChannel.open().connect(inet()));
            case "tcp" -> channel(SocketChannel.open(inet()));
            case "tcp+tls" -> tls();
            case "unix" -> channel(SocketChannel.open(UnixDomainSocketAddress.of(target)));
            case "unixgram" -> UnixDatagram.connect(target);
            default -> local();
        };
    }

    /** srslog's unixSyslog: datagram, then stream, on each of the usual paths. */
    private static Reconnecting.Connection local() throws IOException {
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

    /**
     * dockerd's {@code tcp+tls} (go-connections' tlsconfig.Client): the server's certificate checked against
     * {@code syslog-tls-ca-cert} (else the JDK's trusted CAs) and the host dialled, unless
     * {@code syslog-tls-skip-verify} is given (with any value, as dockerd reads it); the client certificate
     * {@code syslog-tls-cert} with its PKCS#8 key {@code syslog-tls-key} presented when both are given.
     */
    private Reconnecting.Connection tls() throws IOException {
        SSLContext context;
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (opts.containsKey("syslog-tls-skip-verify")) {
                b.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (opts.get("syslog-tls-ca-cert") != null && !opts.get("syslog-tls-ca-cert").isEmpty()) {
                b.trustManager(readable(opts.get("syslog-tls-ca-cert")));
            }
            String cert = opts.get("syslog-tls-cert");
            String key = opts.get("syslog-tls-key");
            if (cert != null && !cert.isEmpty() && key != null && !key.isEmpty()) {
                b.keyManager(readable(cert), readable(key));
            }
            context = ((JdkSslContext) b.build()).context();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        InetSocketAddress address = inet();
        Socket plain = new Socket();
        try {
            plain.connect(address, 10_000);
            plain.setSoTimeout(10_000); // a server that never answers the handshake does not hold the shipper
        } catch (IOException e) {
            plain.close();
            throw e;
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, address.getHostString(),
                address.getPort(), true);
        try {
            if (!opts.containsKey("syslog-tls-skip-verify")) {
                SSLParameters params = socket.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(params);
            }
            socket.startHandshake();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        OutputStream out = socket.getOutputStream();
        return new Reconnecting.Connection() {
            @Override
            public void send(byte[] message) throws IOException {
                out.write(message);
                out.flush();
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    /** A TLS file that must be there: Go's words when it is not. */
    private static File readable(String path) throws IOException {
        File f = new File(path);
        if (!f.isFile()) {
            throw new IOException("open " + path + ": no such file or directory");
        }
        return f;
    }

    private InetSocketAddress inet() {
        int colon = target.lastIndexOf(':');
        String host = target.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, Integer.parseInt(target.substring(colon + 1)));
    }

    private static Reconnecting.Connection channel(ByteChannel ch) {
        return new Reconnecting.Connection() {
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

    @Override
    public void close() {
        conn.close();
    }
}
