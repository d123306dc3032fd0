package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.spi.EngineException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One published port asked for at create ({@code -p [hostIp:][hostPort:]containerPort[/protocol]}), as
 * Docker's {@code HostConfig.PortBindings} holds it. The host port is chosen when the container starts if
 * it is 0, or from a range ({@code -p 8000-8010:80}: the first free one after the last the range gave, as
 * dockerd's allocator does); the chosen one is journaled with the network endpoint.
 *
 * @param hostIp      the host address to listen on, empty for all
 * @param hostPort    0 = any free port; the first port of a range
 * @param hostPortEnd the last port of a range, 0 when {@code hostPort} is one port (not journaled then)
 */
public record PortBinding(int containerPort, Protocol protocol, String hostIp, int hostPort,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) int hostPortEnd) {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");

    public enum Protocol {
        TCP("tcp"), UDP("udp"), SCTP("sctp");

        private final String word;

        Protocol(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }
    }

    /** One host port (0 = any). */
    public PortBinding(int containerPort, Protocol protocol, String hostIp, int hostPort) {
        this(containerPort, protocol, hostIp, hostPort, 0);
    }

    @JsonCreator
    public PortBinding {
        if (containerPort < 1 || containerPort > 65535) {
            throw invalidSpec(Integer.toString(containerPort));
        }
        if (protocol == null) {
            throw EngineException.invalid("port protocol is required");
        }
        hostIp = hostIp == null ? "" : hostIp;
        if (!hostIp.isEmpty() && !isAddress(hostIp)) {
            throw EngineException.invalid("invalid IP address: " + hostIp);
        }
        if (hostPort < 0 || hostPort > 65535) {
            throw invalidSpec(Integer.toString(hostPort));
        }
        if (hostPortEnd == hostPort) {
            hostPortEnd = 0;
        }
        if (hostPortEnd != 0 && (hostPort == 0 || hostPortEnd < hostPort || hostPortEnd > 65535)) {
            throw invalidSpec(hostPort + "-" + hostPortEnd);
        }
    }

    /** Whether the host port is picked from a range. */
    public boolean hostRange() {
        return hostPortEnd != 0;
    }

    /** The host port as the API's {@code HostPort} shows it: empty for any, {@code 8000-8010} for a range. */
    public String hostPortText() {
        return hostPort == 0 ? "" : hostRange() ? hostPort + "-" + hostPortEnd : Integer.toString(hostPort);
    }

    /**
     * One entry of the API's {@code PortBindings}: {@code key} is {@code port[/protocol]} (tcp when
     * absent), {@code hostPort} a number or empty; Docker's messages for what it refuses.
     */
    public static PortBinding parse(String key, String hostIp, String hostPort) {
        String port = key;
        Protocol protocol = Protocol.TCP;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            port = key.substring(0, slash);
            protocol = protocol(key.substring(slash + 1), key);
        }
        String host = hostPort == null ? "" : hostPort;
        int dash = host.indexOf('-');
        if (dash < 0) {
            return new PortBinding(number(port, port), protocol, hostIp, host.isEmpty() ? 0 : number(host, host));
        }
        // dockerd reads it with nat.ParsePortRange: both ends numbers, the end not below the start
        int start = number(host.substring(0, dash), host);
        int end = number(host.substring(dash + 1), host);
        if (start == 0 || end < start) {
            throw invalidSpec(host);
        }
        return new PortBinding(number(port, port), protocol, hostIp, start, end);
    }

    /** The API's key for this binding: {@code 80/tcp}. */
    public String key() {
        return containerPort + "/" + protocol.word();
    }

    private static Protocol protocol(String word, String key) {
        for (Protocol p : Protocol.values()) {
            if (p.word.equals(word.toLowerCase(java.util.Locale.ROOT))) {
                return p;
            }
        }
        throw invalidSpec(key);
    }

    /** A port number 0-65535 as Docker parses it; {@code spec} is what the message quotes. */
    private static int number(String text, String spec) {
        if (!DIGITS.matcher(text).matches() || Integer.parseInt(text) > 65535) {
            throw invalidSpec(spec);
        }
        return Integer.parseInt(text);
    }

    private static EngineException invalidSpec(String spec) {
        return EngineException.invalid("invalid port specification: \"" + spec + "\"");
    }

    /** An IPv4 or IPv6 literal (never a name: nothing is looked up). */
    private static boolean isAddress(String ip) {
        if (IPV4.matcher(ip).matches()) {
            return true;
        }
        if (!ip.contains(":") || !ip.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            // With a colon and only these characters, the JDK parses an IPv6 literal and never resolves.
            InetAddress.getByName(ip);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
