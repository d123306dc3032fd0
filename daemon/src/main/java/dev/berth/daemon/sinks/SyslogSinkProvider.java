package dev.berth.daemon.sinks;

import dev.berth.spi.EngineException;
import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code {"type": "syslog", "address": "unix:///dev/log", "facility": "daemon", "tag": "berth"}}; address
 * {@code unix://PATH} or {@code unixgram://PATH} (a datagram socket, as {@code /dev/log} is) or
 * {@code udp://HOST[:PORT]} (port 514).
 */
public final class SyslogSinkProvider implements EventSinkProvider {
    static final String DEFAULT_ADDRESS = "unix:///dev/log";

    @Override
    public String name() {
        return "syslog";
    }

    @Override
    public EventSink create(EventSinkContext context) {
        var options = new SinkOptions(context, Set.of("address", "facility", "tag"));
        String address = options.text("address", DEFAULT_ADDRESS);
        int facility = SyslogFrame.facility(options.text("facility", "daemon"));
        if (facility < 0) {
            throw options.invalid("facility", "unknown facility \"" + context.option("facility", "")
                    + "\" (one of " + SyslogFrame.FACILITIES + ")");
        }
        var frame = new SyslogFrame(facility, hostname(), options.text("tag", "berth"), ProcessHandle.current().pid());
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            throw options.invalid("address", "not an address: \"" + address + "\"");
        }
        try {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            switch (scheme) {
                case "unix", "unixgram" -> {
                    if (uri.getPath() == null || uri.getPath().isEmpty()) {
                        throw options.invalid("address", "no socket path in \"" + address + "\"");
                    }
                    return new SyslogSink(frame, Path.of(uri.getPath()), null);
                }
                case "udp" -> {
                    if (uri.getHost() == null) {
                        throw options.invalid("address", "no host in \"" + address + "\"");
                    }
                    return new SyslogSink(frame, null,
                            new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 514 : uri.getPort()));
                }
                default -> throw options.invalid("address", "\"" + address
                        + "\": unix://, unixgram:// or udp:// (tcp and tls are not supported by Berth yet)");
            }
        } catch (IOException | UnsatisfiedLinkError e) {
            throw EngineException.unavailable("event sink " + context.name() + ": " + address + ": " + e, e);
        }
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "-";
        }
    }
}
