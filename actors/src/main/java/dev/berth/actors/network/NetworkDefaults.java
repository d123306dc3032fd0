package dev.berth.actors.network;

import java.util.List;
import java.util.Map;

/**
 * The daemon's own network settings (daemon.json / berthd flags), applied at each start and never
 * journaled, as dockerd applies its configuration:
 *
 * @param dns                  {@code dns}: the servers of a container that names none ({@code --dns}); on a user
 *                             network, where its embedded DNS forwards
 * @param dnsSearch            {@code dns-search}: the search domains of a container that names none
 * @param dnsOptions           {@code dns-opts}: the resolver options of a container that names none
 * @param defaultBridgeOptions the default bridge's driver options from {@code ip}, {@code mtu}, {@code ip-masq} and
 *                             {@code icc} ({@code com.docker.network.*}), over what its journal holds
 * @param networkOpts          {@code default-network-opts}: per driver, options a network created without them gets
 * @param bridgeIpv6           {@code ipv6} and {@code fixed-cidr-v6}: null, the default bridge has no IPv6; "", it has
 *                             IPv6 on a subnet of the daemon's choosing (kept once chosen); else that subnet
 */
public record NetworkDefaults(List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                              Map<String, String> defaultBridgeOptions, Map<String, Map<String, String>> networkOpts,
                              String bridgeIpv6) {
    public static final NetworkDefaults NONE = new NetworkDefaults(List.of(), List.of(), List.of(), Map.of());

    public NetworkDefaults(List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                           Map<String, String> defaultBridgeOptions) {
        this(dns, dnsSearch, dnsOptions, defaultBridgeOptions, Map.of());
    }

    public NetworkDefaults(List<String> dns, List<String> dnsSearch, List<String> dnsOptions,
                           Map<String, String> defaultBridgeOptions, Map<String, Map<String, String>> networkOpts) {
        this(dns, dnsSearch, dnsOptions, defaultBridgeOptions, networkOpts, null);
    }

    public NetworkDefaults {
        dns = dns == null ? List.of() : List.copyOf(dns);
        dnsSearch = dnsSearch == null ? List.of() : List.copyOf(dnsSearch);
        dnsOptions = dnsOptions == null ? List.of() : List.copyOf(dnsOptions);
        defaultBridgeOptions = defaultBridgeOptions == null ? Map.of() : Map.copyOf(defaultBridgeOptions);
        networkOpts = networkOpts == null ? Map.of() : Map.copyOf(networkOpts);
    }

    /** A container's servers: its own, else the daemon's. */
    public List<String> dns(List<String> own) {
        return own.isEmpty() ? dns : own;
    }

    /** A container's search domains: its own, else the daemon's. */
    public List<String> dnsSearch(List<String> own) {
        return own.isEmpty() ? dnsSearch : own;
    }

    /** A container's resolver options: its own, else the daemon's. */
    public List<String> dnsOptions(List<String> own) {
        return own.isEmpty() ? dnsOptions : own;
    }
}
