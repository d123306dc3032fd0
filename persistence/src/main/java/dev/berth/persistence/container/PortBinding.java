package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.berth.spi.EngineException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * One published port asked for at create ({@code -p [hostIp:][hostPort:]containerPort[/protocol]}), as
 * Docker's {@code HostConfig.PortBindings} holds it. The host port is chosen when the container starts if
 * it is 0; the chosen one is journaled with the network endpoint.
 *
 * @param hostIp   the host address to listen on, empty for all
 * @param hostPort 0 = any free port
 */
public record PortBinding(int containerPort, Protocol protocol, String hostIp, int hostPort) {
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
        return new PortBinding(number(port, port), protocol, hostIp, hostPort(hostPort == null ? "" : hostPort));
    }

    /** The API's key for this binding: {@code 80/tcp}. */
    public String key() {
        return containerPort + "/" + protocol.word();
    }

    private static int hostPort(String hostPort) {
        if (hostPort.isEmpty()) {
            return 0;
        }
        int dash = hostPort.indexOf('-');
        if (dash > 0) {
            number(hostPort.substring(0, dash), hostPort);
            number(hostPort.substring(dash + 1), hostPort);
            throw EngineException.invalid("host port ranges are not supported by Berth yet: \"" + hostPort + "\"");
        }
        return number(hostPort, hostPort);
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
