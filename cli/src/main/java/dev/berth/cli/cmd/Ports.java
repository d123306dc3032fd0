package dev.berth.cli.cmd;

import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker's DisplayablePorts: "0.0.0.0:8080->80/tcp, 9000-9001/tcp". */
final class Ports {
    private Ports() {}

    private record Port(String ip, int priv, int pub, String type) {}

    static String displayable(List<Object> raw) {
        List<Port> ports = new ArrayList<>();
        for (Object o : raw) {
            ports.add(new Port(Json.str(o, "IP"), (int) Json.num(o, "PrivatePort"), (int) Json.num(o, "PublicPort"),
                    Json.str(o, "Type")));
        }
        ports.sort(Comparator.comparingInt(Port::priv).thenComparing(Port::ip, IpAddrs::compare).thenComparingInt(Port::pub)
                .thenComparing(Port::type));
        Map<String, int[]> groups = new LinkedHashMap<>();
        List<String> result = new ArrayList<>();
        List<String> hostMappings = new ArrayList<>();
        for (Port p : ports) {
            String key = p.type();
            if (!p.ip().isEmpty()) {
                if (p.pub() != p.priv()) {
                    hostMappings.add(hostPort(p.ip(), String.valueOf(p.pub())) + "->" + p.priv() + "/" + p.type());
                    continue;
                }
                key = p.ip() + "/" + p.type();
            }
            int[] g = groups.get(key);
            if (g == null) {
                groups.put(key, new int[] {p.priv(), p.priv()});
            } else if (p.priv() == g[1] + 1) {
                g[1] = p.priv();
            } else {
                result.add(group(key, g[0], g[1]));
                groups.put(key, new int[] {p.priv(), p.priv()});
            }
        }
        groups.forEach((k, g) -> result.add(group(k, g[0], g[1])));
        result.addAll(hostMappings);
        return String.join(", ", result);
    }

    private static String group(String key, int first, int last) {
        String[] parts = key.split("/");
        String type = parts.length > 1 ? parts[1] : parts[0];
        String ip = parts.length > 1 ? parts[0] : "";
        String g = first == last ? String.valueOf(first) : first + "-" + last;
        if (!ip.isEmpty()) g = hostPort(ip, g) + "->" + g;
        return g + "/" + type;
    }

    private static String hostPort(String ip, String port) {
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + port;
    }
}
