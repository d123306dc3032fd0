package dev.berth.persistence.network;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * A container's place on a network while it runs.
 *
 * @param ip      IPv4 address without prefix length
 * @param aliases names it answers to on this network (besides its name and short id)
 * @param ports   published ports, host ports already chosen
 * @param interfaceName the interface's name in the container ({@code eth0}, {@code eth1} …); "" in older journals,
 *                where it followed the network's place in the container's list
 * @param links   {@code NAME:ALIAS} links on a user network: names this container alone resolves (absent when none)
 * @param ip6     IPv6 address without prefix length, on a network with IPv6 (absent otherwise)
 */
public record Endpoint(String containerId, String containerName, String ip, String mac, List<String> aliases,
                       List<PortBinding> ports, @JsonInclude(JsonInclude.Include.NON_EMPTY) String interfaceName,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> links,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) String ip6) {
    /** Without an IPv6 address. */
    public Endpoint(String containerId, String containerName, String ip, String mac, List<String> aliases,
                    List<PortBinding> ports, String interfaceName, List<String> links) {
        this(containerId, containerName, ip, mac, aliases, ports, interfaceName, links, "");
    }

    /** Without links. */
    public Endpoint(String containerId, String containerName, String ip, String mac, List<String> aliases,
                    List<PortBinding> ports, String interfaceName) {
        this(containerId, containerName, ip, mac, aliases, ports, interfaceName, List.of());
    }

    /** Without an interface name (journaled before they were). */
    public Endpoint(String containerId, String containerName, String ip, String mac, List<String> aliases,
                    List<PortBinding> ports) {
        this(containerId, containerName, ip, mac, aliases, ports, "");
    }

    @JsonCreator
    public Endpoint {
        interfaceName = interfaceName == null ? "" : interfaceName;
        Objects.requireNonNull(containerId, "containerId");
        containerName = containerName == null ? "" : containerName;
        ip = ip == null ? "" : ip;
        mac = mac == null ? "" : mac;
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        ports = ports == null ? List.of() : List.copyOf(ports);
        links = links == null ? List.of() : List.copyOf(links);
        ip6 = ip6 == null ? "" : ip6;
    }

    /** The same endpoint publishing {@code published} instead. */
    public Endpoint withPorts(List<PortBinding> published) {
        return new Endpoint(containerId, containerName, ip, mac, aliases, published, interfaceName, links, ip6);
    }

    /** The same endpoint of the container under another name. */
    public Endpoint withContainerName(String name) {
        return new Endpoint(containerId, name, ip, mac, aliases, ports, interfaceName, links, ip6);
    }

    /** One published port: host side (address may be empty = all) to the container's port. */
    public record PortBinding(String hostIp, int hostPort, int containerPort, String protocol) {
        public PortBinding {
            hostIp = hostIp == null ? "" : hostIp;
            protocol = protocol == null ? "tcp" : protocol;
        }
    }
}
