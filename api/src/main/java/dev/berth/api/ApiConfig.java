package dev.berth.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * How the API listens.
 *
 * @param hosts          dockerd-style {@code -H} values: {@code unix:///run/berth/berth.sock}, {@code tcp://127.0.0.1:2375}
 * @param socketGroup    group given to unix sockets (mode 0660), a name or a number; null leaves the creator's
 * @param maxBodyBytes   limit for bodies read into memory (streamed bodies are not limited)
 * @param serverVersion  Berth's version, shown in the {@code Server} header
 * @param tls            TLS for every TCP host; null: plain HTTP, allowed on loopback addresses only
 */
public record ApiConfig(List<String> hosts, String socketGroup, int maxBodyBytes, String serverVersion,
                        ServerTls tls) {
    public static final int DEFAULT_MAX_BODY = 10 * 1024 * 1024;

    public ApiConfig {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one host to listen on is needed");
        }
        for (String host : hosts) {
            HostAddress a = HostAddress.parse(host);
            if (tls == null && !a.isUnix() && !isLoopback(a.host())) {
                // anyone who reaches a plain TCP port is root on this host: dockerd 28 only warns and waits,
                // newer ones refuse; Berth refuses and says how to do it safely
                throw new IllegalArgumentException("refusing to listen on " + host + " without TLS: whoever can "
                        + "reach it is root on this host. Use --tlsverify with --tlscacert, --tlscert and --tlskey "
                        + "(daemon.json tlsverify, tlscacert, tlscert, tlskey), or a loopback address such as "
                        + "tcp://127.0.0.1:2375");
            }
        }
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        serverVersion = serverVersion == null ? "0.1.0" : serverVersion;
    }

    public ApiConfig(List<String> hosts, String socketGroup, int maxBodyBytes, String serverVersion) {
        this(hosts, socketGroup, maxBodyBytes, serverVersion, null);
    }

    public ApiConfig(List<String> hosts) {
        this(hosts, null, DEFAULT_MAX_BODY, null, null);
    }

    /** A literal address is looked at as it is; a name only through the resolver (localhost). */
    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
