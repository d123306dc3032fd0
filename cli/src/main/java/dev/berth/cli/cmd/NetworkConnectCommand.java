package dev.berth.cli.cmd;

import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code network connect}: POST /networks/{id}/connect {Container, EndpointConfig}. */
@Command(name = "connect", description = "Connect a container to a network")
public final class NetworkConnectCommand extends BaseCommand {
    @Option(names = "--ip", description = "IPv4 address (e.g., \"172.30.100.104\")")
    String ip;

    @Option(names = "--ip6", description = "IPv6 address (e.g., \"2001:db8::33\")")
    String ip6;

    @Option(names = "--alias", split = ",", description = "Add network-scoped alias for the container")
    List<String> aliases = new ArrayList<>();

    @Option(names = "--link", description = "Add link to another container")
    List<String> links = new ArrayList<>();

    @Option(names = "--link-local-ip", split = ",", description = "Add a link-local address for the container")
    List<String> linkLocalIps = new ArrayList<>();

    @Option(names = "--driver-opt", split = ",", description = "driver options for the network")
    List<String> driverOpts = new ArrayList<>();

    @Option(names = "--gw-priority", description = "Highest gw-priority provides the default gateway. Accepts positive and negative values.")
    long gwPriority;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int run() throws IOException {
        client().post("/networks/" + Query.seg(network) + "/connect", body());
        return 0;
    }

    Map<String, Object> body() {
        Map<String, Object> ipam = new LinkedHashMap<>();
        if (ip != null) ipam.put("IPv4Address", checkIp(ip, "--ip"));
        if (ip6 != null) ipam.put("IPv6Address", checkIp(ip6, "--ip6"));
        if (!linkLocalIps.isEmpty()) {
            List<Object> ll = new ArrayList<>();
            for (String a : linkLocalIps) ll.add(checkIp(a, "--link-local-ip"));
            ipam.put("LinkLocalIPs", ll);
        }
        Map<String, Object> ep = new LinkedHashMap<>();
        if (!ipam.isEmpty()) ep.put("IPAMConfig", ipam);
        if (!links.isEmpty()) ep.put("Links", new ArrayList<Object>(links));
        if (!aliases.isEmpty()) ep.put("Aliases", new ArrayList<Object>(aliases));
        if (!driverOpts.isEmpty()) {
            Map<String, Object> d = new LinkedHashMap<>();
            for (String kv : driverOpts) {
                int eq = kv.indexOf('=');
                if (eq < 0 || kv.substring(0, eq).isBlank()) {
                    throw new IllegalArgumentException("invalid key/value pair format in driver options");
                }
                d.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
            }
            ep.put("DriverOpts", d);
        }
        if (gwPriority != 0) ep.put("GwPriority", gwPriority);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Container", container);
        body.put("EndpointConfig", ep);
        return body;
    }

    private static String checkIp(String ip, String flag) {
        if (!IpAddrs.isIp(ip)) {
            throw new UsageException("invalid argument \"" + ip + "\" for \"" + flag + "\" flag: invalid string being converted to IP address: " + ip);
        }
        return ip;
    }
}
