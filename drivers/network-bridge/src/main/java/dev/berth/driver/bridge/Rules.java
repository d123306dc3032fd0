package dev.berth.driver.bridge;

import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.NetworkSpec;
import dev.berth.spi.network.PortMapping;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What our chains must hold for a network and for an endpoint's published ports. Pure: the same
 * specs give the same rules, which is what makes restore a set difference. Every chain is
 * order-free (only DROPs, only ACCEPTs, or disjoint DNATs), so rules can be added and removed one by
 * one without caring where they land.
 */
final class Rules {

    private final ChainNames names;

    Rules(ChainNames names) {
        this.names = names;
    }

    /** The jumps from the built-in chains into ours: table, built-in chain, spec. Inserted at the top. */
    List<Rule> jumps() {
        // ISO is inserted last so that it lands above FWD: isolation DROPs come before our ACCEPTs
        return List.of(
                new Rule("filter", "FORWARD", "-j " + names.forward()),
                new Rule("filter", "FORWARD", "-j " + names.isolation()),
                new Rule("nat", "PREROUTING", "-m addrtype --dst-type LOCAL -j " + names.dnat()),
                new Rule("nat", "OUTPUT", "-m addrtype --dst-type LOCAL -j " + names.dnat()),
                new Rule("nat", "POSTROUTING", "-j " + names.postrouting()));
    }

    Set<Rule> network(NetworkSpec net) {
        String br = net.bridgeName();
        Set<Rule> rules = bridge(net, net.interContainer(), net.subnet());
        if (!net.interContainer()) {
            // enable_icc=false: containers on the bridge do not reach each other (bridged frames pass
            // FORWARD with br_netfilter); the host, the embedded DNS and published ports still answer
            rules.add(filter(names.isolation(), "-i " + br + " -o " + br + " -j DROP"));
        }
        if (!net.internal()) {
            // published ports reached on 127.0.0.1: route_localnet lets the packet out, this gives it a
            // source address the container can answer
            rules.add(nat(names.postrouting(), "-s 127.0.0.0/8 -o " + br + " -j MASQUERADE"));
        }
        return rules;
    }

    /**
     * The same chains in ip6tables for a network with IPv6: isolation from the other bridges, its containers'
     * traffic out (masqueraded, unless internal or turned off) and the answers back in; from outside only what a
     * published port's DNAT sent (its ACCEPT is the endpoint's, {@link #endpoint6}). Inter-container traffic is
     * always on (the driver refuses ICC off with IPv6).
     */
    Set<Rule> network6(NetworkSpec net) {
        String br = net.bridgeName();
        Set<Rule> rules = bridge(net, true, net.subnet6());
        if (!net.internal()) {
            // nothing else is let in: the containers' addresses are routable, where IPv4's sit behind the NAT
            rules.add(filter(names.isolation(), "! -i " + br + " -o " + br + " -m conntrack ! --ctstate "
                    + "RELATED,ESTABLISHED,DNAT -j DROP"));
        }
        return rules;
    }

    /**
     * What a bridge's chains hold in either family: isolation from the other bridges, traffic between its
     * containers when {@code interContainer}, and unless internal its containers' traffic out (masqueraded from
     * {@code subnet} when the network says so) with the answers back in; internal: nothing in or out.
     */
    private Set<Rule> bridge(NetworkSpec net, boolean interContainer, String subnet) {
        String br = net.bridgeName();
        Set<Rule> rules = new LinkedHashSet<>();
        rules.add(filter(names.isolation(), "-i " + br + " ! -o " + br + " -j " + names.isolation2()));
        rules.add(filter(names.isolation2(), "-o " + br + " -j DROP"));
        if (interContainer) {
            rules.add(filter(names.forward(), "-i " + br + " -o " + br + " -j ACCEPT"));
        }
        if (net.internal()) {
            rules.add(filter(names.isolation(), "-i " + br + " ! -o " + br + " -j DROP"));
            rules.add(filter(names.isolation(), "! -i " + br + " -o " + br + " -j DROP"));
        } else {
            rules.add(filter(names.forward(), "-i " + br + " ! -o " + br + " -j ACCEPT"));
            rules.add(filter(names.forward(), "-o " + br + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"));
        }
        if (net.masquerade()) {
            rules.add(nat(names.postrouting(), "-s " + subnet + " ! -o " + br + " -j MASQUERADE"));
        }
        return rules;
    }

    /** The endpoint's published ports on IPv4 host addresses (iptables). */
    Set<Rule> endpoint(NetworkSpec net, EndpointSpec ep) {
        return net.internal() ? new LinkedHashSet<>() : ports(net.bridgeName(), ep.ip(), ep.ports(), false);
    }

    /** The endpoint's published ports on IPv6 host addresses (ip6tables), to its IPv6 address. */
    Set<Rule> endpoint6(NetworkSpec net, EndpointSpec ep) {
        return net.internal() || ep.ip6() == null ? new LinkedHashSet<>()
                : ports(net.bridgeName(), ep.ip6(), ep.ports(), true);
    }

    private Set<Rule> ports(String br, String ip, List<PortMapping> ports, boolean v6) {
        Set<Rule> rules = new LinkedHashSet<>();
        String host = v6 ? "/128" : "/32";
        String to = v6 ? "[" + ip + "]" : ip;
        for (PortMapping p : ports) {
            if (p.ipv6() != v6) {
                continue;
            }
            String proto = "-p " + p.protocol() + " -m " + p.protocol();
            String dest = p.anyHostIp() ? "" : "-d " + p.hostIp() + host + " ";
            rules.add(nat(names.dnat(), dest + proto + " --dport " + p.hostPort()
                    + " -j DNAT --to-destination " + to + ":" + p.containerPort()));
            rules.add(filter(names.forward(), "-d " + ip + host + " ! -i " + br + " -o " + br + " " + proto
                    + " --dport " + p.containerPort() + " -j ACCEPT"));
            // hairpin: a container reaching its own published port must not see its own address as source
            rules.add(nat(names.postrouting(), "-s " + ip + host + " -d " + ip + host + " " + proto
                    + " --dport " + p.containerPort() + " -j MASQUERADE"));
        }
        return rules;
    }

    /** The input for {@code iptables-restore --noflush} of one table: deletions first, then additions. */
    static String restoreInput(String table, List<Rule> delete, List<Rule> add) {
        StringBuilder sb = new StringBuilder("*").append(table).append('\n');
        for (Rule r : delete) {
            if (r.table().equals(table)) {
                sb.append(r.delete()).append('\n');
            }
        }
        for (Rule r : add) {
            if (r.table().equals(table)) {
                sb.append(r.append()).append('\n');
            }
        }
        return sb.append("COMMIT\n").toString();
    }

    /** Parses {@code iptables -S CHAIN} output into rules of that chain. */
    static List<Rule> parse(String table, String chain, String listing) {
        List<Rule> rules = new ArrayList<>();
        String prefix = "-A " + chain + " ";
        for (String line : listing.split("\n")) {
            String l = line.strip();
            if (l.startsWith(prefix)) {
                rules.add(new Rule(table, chain, l.substring(prefix.length())));
            }
        }
        return rules;
    }

    private static Rule filter(String chain, String spec) {
        return new Rule("filter", chain, spec);
    }

    private static Rule nat(String chain, String spec) {
        return new Rule("nat", chain, spec);
    }
}
