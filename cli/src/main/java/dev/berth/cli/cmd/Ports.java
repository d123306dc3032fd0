package dev.berth.cli.cmd;

import dev.berth.cli.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker's DisplayablePorts: "0.0.0.0:8080->80/tcp, 9000-9001/tcp". */
final class Ports {
    private Ports() {}

    private record Port(String ip, int priv, int pub, String type) {}

    static String displayable(List<Object> raw) {
        if (raw.isEmpty()) return "";
        List<Port> ports = new ArrayList<>();
        for (Object o : raw) {
            ports.add(new Port(Json.str(o, "IP"), (int) Json.num(o, "PrivatePort"), (int) Json.num(o, "PublicPort"),
                    Json.str(o, "Type")));
        }
        // most rows have no port or one: no comparator to make (Comparator.comparing's lambdas are
        // spun at run time, ~5 ms of a ps, an AOT cache does not hold them)
        if (ports.size() > 1) ports.sort(Ports::order);
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

    /** docker's order: private port, host address, public port, protocol. */
    private static int order(Port a, Port b) {
        int c = Integer.compare(a.priv(), b.priv());
        if (c == 0) c = IpAddrs.compare(a.ip(), b.ip());
        if (c == 0) c = Integer.compare(a.pub(), b.pub());
        return c != 0 ? c : a.type().compareTo(b.type());
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
