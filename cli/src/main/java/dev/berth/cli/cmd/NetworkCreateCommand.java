package dev.berth.cli.cmd;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code network create}: POST /networks/create, prints the new network's id. */
@Command(name = "create", description = "Create a network")
public final class NetworkCreateCommand extends BaseCommand {
    @Option(names = {"-d", "--driver"}, description = "Driver to manage the Network")
    String driver = "bridge";

    @Option(names = {"-o", "--opt"}, description = "Set driver specific options")
    List<String> opts = new ArrayList<>();

    @Option(names = "--label", description = "Set metadata on a network")
    List<String> labels = new ArrayList<>();

    @Option(names = "--internal", description = "Restrict external access to the network")
    boolean internal;

    @Option(names = "--ipv4", arity = "0..1", fallbackValue = "true", description = "Enable or disable IPv4 address assignment")
    Boolean ipv4;

    @Option(names = "--ipv6", arity = "0..1", fallbackValue = "true", description = "Enable or disable IPv6 address assignment")
    Boolean ipv6;

    @Option(names = "--attachable", description = "Enable manual container attachment")
    boolean attachable;

    @Option(names = "--ingress", description = "Create swarm routing-mesh network")
    boolean ingress;

    @Option(names = "--scope", description = "Control the network's scope")
    String scope;

    @Option(names = "--config-only", description = "Create a configuration only network")
    boolean configOnly;

    @Option(names = "--config-from", description = "The network from which to copy the configuration")
    String configFrom;

    @Option(names = "--ipam-driver", description = "IP Address Management Driver")
    String ipamDriver = "default";

    @Option(names = "--subnet", split = ",", description = "Subnet in CIDR format that represents a network segment")
    List<String> subnets = new ArrayList<>();

    @Option(names = "--ip-range", split = ",", description = "Allocate container ip from a sub-range")
    List<String> ipRanges = new ArrayList<>();

    @Option(names = "--gateway", split = ",", description = "IPv4 or IPv6 Gateway for the master subnet")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--aux-address", description = "Auxiliary IPv4 or IPv6 addresses used by Network driver")
    List<String> auxAddresses = new ArrayList<>();

    @Option(names = "--ipam-opt", description = "Set IPAM driver specific options")
    List<String> ipamOpts = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "NETWORK")
    String name;

    @Override
    protected int run() throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", name);
        body.put("Driver", driver);
        body.put("Scope", scope == null ? "" : scope);
        if (ipv4 != null) body.put("EnableIPv4", ipv4);
        if (ipv6 != null) body.put("EnableIPv6", ipv6);
        try {
            body.put("IPAM", ipam());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());  // the docker CLI prints these alone, exit 1
        }
        body.put("Internal", internal);
        body.put("Attachable", attachable);
        body.put("Ingress", ingress);
        body.put("ConfigOnly", configOnly);
        if (configFrom != null && !configFrom.isEmpty()) body.put("ConfigFrom", Map.of("Network", configFrom));
        body.put("Options", keyValues(opts));
        body.put("Labels", keyValues(labels));
        Object resp = client().post("/networks/create", body);
        String warning = Json.str(resp, "Warning");
        if (!warning.isEmpty()) err().println("WARNING: " + warning);
        out().println(Json.str(resp, "Id"));
        return 0;
    }

    /** docker's createIPAMConfig: each --ip-range, --gateway and --aux-address goes to the --subnet holding it. */
    private Map<String, Object> ipam() {
        if (subnets.size() < ipRanges.size() || subnets.size() < gateways.size()) {
            throw new IllegalArgumentException("every ip-range or gateway must have a corresponding subnet");
        }
        Map<String, Map<String, Object>> bySubnet = new LinkedHashMap<>();
        for (String s : subnets) {
            // as the docker CLI 28: a subnet is parsed here only to compare it with another one; a lone
            // bad --subnet goes to the daemon, whose words the user sees
            for (String other : bySubnet.keySet()) {
                Cidr sn = Cidr.parse(s, "invalid subnet: ");
                Cidr o = Cidr.parse(other, "invalid subnet: ");
                if (sn.contains(o.ip) || o.contains(sn.ip)) {
                    throw new IllegalArgumentException("multiple overlapping subnet configuration is not supported");
                }
            }
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("Subnet", s);
            bySubnet.put(s, cfg);
        }
        for (String r : ipRanges) {
            Cidr range;
            range = Cidr.parse(r, "");  // the docker CLI 28: net.ParseCIDR's error alone
            boolean match = false;
            for (String s : subnets) {
                if (!Cidr.parse(s, "invalid subnet: ").contains(range.ip)) continue;
                Map<String, Object> cfg = bySubnet.get(s);
                if (cfg.containsKey("IPRange")) {
                    throw new IllegalArgumentException("cannot configure multiple ranges (" + r + ", " + cfg.get("IPRange")
                            + ") on the same subnet (" + s + ")");
                }
                cfg.put("IPRange", r);
                match = true;
            }
            if (!match) throw new IllegalArgumentException("no matching subnet for range " + r);
        }
        for (String g : gateways) {
            if (!IpAddrs.isIp(g)) {
                throw new UsageException("invalid argument \"" + g + "\" for \"--gateway\" flag: invalid string being converted to IP address: " + g);
            }
            boolean match = false;
            for (String s : subnets) {
                if (!Cidr.parse(s, "invalid subnet: ").contains(g)) continue;
                Map<String, Object> cfg = bySubnet.get(s);
                if (cfg.containsKey("Gateway")) {
                    throw new IllegalArgumentException("cannot configure multiple gateways (" + g + ", " + cfg.get("Gateway")
                            + ") for the same subnet (" + s + ")");
                }
                cfg.put("Gateway", g);
                match = true;
            }
            if (!match) throw new IllegalArgumentException("no matching subnet for gateway " + g);
        }
        for (Map.Entry<String, Object> aux : keyValues(auxAddresses).entrySet()) {
            String a = String.valueOf(aux.getValue());
            if (a.isEmpty()) continue;
            if (!IpAddrs.isIp(a)) throw new IllegalArgumentException("no matching subnet for aux-address " + a);  // no subnet holds it
            boolean match = false;
            for (String s : subnets) {
                if (!Cidr.parse(s, "invalid subnet: ").contains(a)) continue;
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) bySubnet.get(s).computeIfAbsent("AuxiliaryAddresses",
                        k -> new LinkedHashMap<String, Object>());
                m.put(aux.getKey(), a);
                match = true;
            }
            if (!match) throw new IllegalArgumentException("no matching subnet for aux-address " + a);
        }
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("Driver", ipamDriver);
        ipam.put("Config", new ArrayList<Object>(bySubnet.values()));
        ipam.put("Options", keyValues(ipamOpts));
        return ipam;
    }

    private static Map<String, Object> keyValues(List<String> kvs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return m;
    }

    /** An address prefix ({@code 10.1.0.0/16}) for the containment checks docker makes. */
    private record Cidr(String ip, BigInteger network, int bits, int prefix) {
        static Cidr parse(String s, String errorPrefix) {
            int slash = s.indexOf('/');
            String error = errorPrefix + "invalid CIDR address: " + s;
            if (slash < 0) throw new IllegalArgumentException(error);
            String ip = s.substring(0, slash);
            int bits = bits(ip);
            BigInteger addr = address(ip, error);
            int prefix;
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException(error);
            return new Cidr(ip, mask(addr, bits, prefix), bits, prefix);
        }

        private static int bits(String ip) {
            return IpAddrs.isIpv4(ip) ? 32 : 128;
        }

        static BigInteger address(String ip, String error) {
            if (!IpAddrs.isIp(ip)) throw new IllegalArgumentException(error);
            try {
                byte[] b = InetAddress.getByName(ip).getAddress();
                return new BigInteger(1, b);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(error);
            }
        }

        static BigInteger mask(BigInteger a, int bits, int prefix) {
            return a.shiftRight(bits - prefix).shiftLeft(bits - prefix);
        }

        boolean contains(String other) {
            if (bits(other) != bits) return false;
            return mask(address(other, "invalid IP address: " + other), bits, prefix).equals(network);
        }
    }
}
