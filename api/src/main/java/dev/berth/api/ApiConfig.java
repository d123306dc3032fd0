package dev.berth.api;

import java.util.List;

/**
 * How the API listens.
 *
 * @param hosts          dockerd-style {@code -H} values: {@code unix:///run/berth/berth.sock}, {@code tcp://127.0.0.1:2375}
 * @param socketGroup    group given to unix sockets (mode 0660), a name or a number; null leaves the creator's
 * @param maxBodyBytes   limit for bodies read into memory (streamed bodies are not limited)
 * @param serverVersion  Berth's version, shown in the {@code Server} header
 */
public record ApiConfig(List<String> hosts, String socketGroup, int maxBodyBytes, String serverVersion) {
    public static final int DEFAULT_MAX_BODY = 10 * 1024 * 1024;

    public ApiConfig {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one host to listen on is needed");
        }
        hosts.forEach(HostAddress::parse);
        if (maxBodyBytes <= 0) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        serverVersion = serverVersion == null ? "0.1.0" : serverVersion;
    }

    public ApiConfig(List<String> hosts) {
        this(hosts, null, DEFAULT_MAX_BODY, null);
    }
}
