package dev.berth.actors.container;

import dev.berth.actors.network.NetworkAttacher;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.Link;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.ContainerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Legacy {@code --link NAME:ALIAS} on the default bridge, as dockerd keeps it: checked at create (NAME must
 * exist and not be on the host's network), and at each start NAME must run; the container's /etc/hosts then
 * names NAME's bridge address by the alias, NAME's hostname and its name. Like dockerd 28 by default, no
 * {@code ALIAS_PORT_…} variables are set (they are deprecated there).
 */
final class LegacyLinks {
    private static final Set<String> DEFAULT_BRIDGE = Set.of("default", "bridge");
    private static final String HOST_AND_LINKS =
            "conflicting options: host type networking can't be used with links. This would result in undefined behavior";

    private LegacyLinks() {}

    /** dockerd's create checks of {@code HostConfig.Links}. */
    static void check(HostConfig h, ContainerView view) {
        check(h, view, true);
    }

    /**
     * As {@link #check(HostConfig, ContainerView)}; {@code defaultBridgeIcc} false (the daemon's {@code icc}):
     * dockerd opens each link's exposed ports between the two containers through the closed bridge, which
     * Berth's chains do not do yet, so a link there is refused rather than left unreachable.
     */
    static void check(HostConfig h, ContainerView view, boolean defaultBridgeIcc) {
        if (h.links().isEmpty()) {
            return;
        }
        String mode = h.networkMode();
        if (mode.equals("host")) {
            throw EngineException.invalid(HOST_AND_LINKS);
        }
        if (!DEFAULT_BRIDGE.contains(mode) && !mode.equals("none")) {
            return; // dockerd checks nothing there: a link is only a name that resolves while NAME shares a network
        }
        if (!defaultBridgeIcc && DEFAULT_BRIDGE.contains(mode)) {
            throw EngineException.invalid("--link on the default bridge while the daemon's icc is false is not "
                    + "supported by Berth yet (use a user-defined network: its containers reach each other by name)");
        }
        for (Link l : h.links()) {
            ContainerState child;
            try {
                child = view.resolve(l.name());
            } catch (EngineException e) {
                throw EngineException.invalid("could not get container for " + l.name() + ": " + e.getMessage());
            }
            if (child.info().hostConfig().networkMode().equals("host")) {
                throw EngineException.invalid(HOST_AND_LINKS);
            }
        }
    }

    /** {@code net} with the linked containers' names added to /etc/hosts, when the container is on the default bridge. */
    static ContainerSpec.NetworkSetup withLinks(ContainerInfo info, ContainerSpec.NetworkSetup net, ContainerView view,
                                                NetworkAttacher networks) {
        List<Link> links = info.hostConfig().links();
        boolean onDefaultBridge = info.networks().isEmpty() || info.networks().get(0).networkName().equals("bridge");
        if (links.isEmpty() || net.mode() != ContainerSpec.NetworkMode.NAMESPACE) {
            return net;
        }
        List<String> hosts = new ArrayList<>(net.extraHosts());
        if (!onDefaultBridge) {
            userNetworkLinks(info, links, view, networks, hosts);
            return withHosts(net, hosts);
        }
        for (Link l : links) {
            var found = view.all().stream().filter(s -> s.info().name().equals(l.name())).findFirst();
            if (found.isEmpty()) {
                continue; // removed since: dockerd drops the link with the container
            }
            ContainerState child = found.get();
            String from = "/" + l.name();
            if (!(child instanceof ContainerState.Running)) {
                throw new EngineException(ErrorKind.INTERNAL, "Cannot link to a non running container: " + from + " AS /"
                        + info.name() + "/" + l.alias());
            }
            String ip = networks.defaultBridgeAddress(child.info().id()).orElseThrow(() -> new EngineException(
                    ErrorKind.INTERNAL, "Cannot link to " + from + ", as it does not belong to the default network"));
            ContainerInfo c = child.info();
            String hostname = c.config().hostname().isEmpty() ? c.id().substring(0, 12) : c.config().hostname();
            String names = l.alias() + " " + hostname + (l.alias().equals(c.name()) ? "" : " " + c.name());
            hosts.add(names + ":" + ip);
        }
        return withHosts(net, hosts);
    }

    /**
     * On user-defined networks dockerd's resolver answers the alias with NAME's address on a network both
     * share (compose's {@code run} links its service's containers so); here /etc/hosts names it, taken at
     * start. A NAME that is gone, stopped or on no shared network resolves to nothing, with no error.
     */
    private static void userNetworkLinks(ContainerInfo info, List<Link> links, ContainerView view,
                                         NetworkAttacher networks, List<String> hosts) {
        for (Link l : links) {
            view.all().stream()
                    .filter(s -> s.info().name().equals(l.name()) && s instanceof ContainerState.Running)
                    .findFirst()
                    .flatMap(child -> info.networks().stream()
                            .flatMap(n -> networks.addressOn(n.networkId(), child.info().id()).stream())
                            .findFirst())
                    .ifPresent(ip -> hosts.add(l.alias() + ":" + ip));
        }
    }

    private static ContainerSpec.NetworkSetup withHosts(ContainerSpec.NetworkSetup net, List<String> hosts) {
        return new ContainerSpec.NetworkSetup(net.mode(), net.netnsPath(), net.dns(), net.dnsSearch(), net.dnsOptions(),
                hosts, net.ipAddresses());
    }
}
