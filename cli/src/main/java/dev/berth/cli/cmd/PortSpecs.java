package dev.berth.cli.cmd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -p [ip:][hostPort:]containerPort[/proto]} (or {@code target=…,published=…,protocol=…})
 * and {@code --expose port[-port][/proto]} as ExposedPorts and PortBindings, the way docker's nat
 * package reads them: a container range maps onto a host range of the same length, a single
 * container port onto a host range keeps the range for the daemon to pick from.
 */
record PortSpecs(Map<String, Object> exposed, Map<String, Object> bindings) {

    static PortSpecs parse(List<String> publish, List<String> expose) {
        Map<String, Object> exposed = new LinkedHashMap<>();
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (String raw : publish) {
            String spec = standardNotation(raw);
            for (String[] m : mappings(spec)) {
                String key = m[0];
                exposed.putIfAbsent(key, new LinkedHashMap<String, Object>());
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("HostIp", m[1]);
                b.put("HostPort", m[2]);
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) bindings.computeIfAbsent(key, k -> new ArrayList<Object>());
                list.add(b);
            }
        }
        for (String e : expose) {
            int slash = e.indexOf('/');
            String ports = slash < 0 ? e : e.substring(0, slash);
            String proto = slash < 0 || slash == e.length() - 1 ? "tcp" : e.substring(slash + 1).toLowerCase();
            int[] r;
            try {
                r = range(ports);
            } catch (IllegalArgumentException ex) {
                throw new UsageException("invalid range format for --expose: " + ex.getMessage());
            }
            for (int p = r[0]; p <= r[1]; p++) exposed.putIfAbsent(p + "/" + proto, new LinkedHashMap<String, Object>());
        }
        return new PortSpecs(exposed, bindings);
    }

    /** Each binding of one spec as {port/proto, hostIp, hostPort}. */
    static List<String[]> mappings(String spec) {
        String[] parts = spec.split(":", -1);
        String ip;
        String hostPort;
        String containerPort;
        int n = parts.length;
        if (n == 1) {
            ip = "";
            hostPort = "";
            containerPort = parts[0];
        } else {
            ip = n == 2 ? "" : String.join(":", java.util.Arrays.copyOfRange(parts, 0, n - 2));
            hostPort = parts[n - 2];
            containerPort = parts[n - 1];
        }
        int slash = containerPort.indexOf('/');
        String proto = slash < 0 ? "" : containerPort.substring(slash + 1);
        if (slash >= 0) containerPort = containerPort.substring(0, slash);
        if (containerPort.isEmpty()) throw new UsageException("no port specified: " + spec + "<empty>");
        proto = proto.isEmpty() ? "tcp" : proto.toLowerCase();
        if (!List.of("tcp", "udp", "sctp").contains(proto)) throw new UsageException("invalid proto: " + proto);
        if (ip.startsWith("[")) {
            if (!ip.endsWith("]")) throw new UsageException("invalid IP address " + ip + ": missing ']' in address");
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!ip.isEmpty() && !IpAddrs.isIp(ip)) throw new UsageException("invalid IP address: " + ip);
        int[] c;
        try {
            c = range(containerPort);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid containerPort: " + containerPort);
        }
        int[] h = null;
        if (!hostPort.isEmpty()) {
            try {
                h = range(hostPort);
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid hostPort: " + hostPort);
            }
            if (c[1] - c[0] != h[1] - h[0] && c[0] != c[1]) {
                throw new UsageException("invalid ranges specified for container and host Ports: " + containerPort + " and " + hostPort);
            }
        }
        int count = c[1] - c[0] + 1;
        List<String[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String hp = "";
            if (h != null) {
                hp = Integer.toString(h[0] + i);
                if (count == 1 && h[0] != h[1]) hp += "-" + h[1];
            }
            out.add(new String[] {(c[0] + i) + "/" + proto, ip, hp});
        }
        return out;
    }

    /** docker's long {@code -p} syntax ({@code target=80,published=8080,protocol=udp}) as {@code 8080:80/udp}. */
    private static String standardNotation(String spec) {
        if (!spec.contains("=")) return spec;
        Map<String, String> params = new LinkedHashMap<>(Map.of("protocol", "tcp"));
        for (String param : spec.split(",")) {
            int eq = param.indexOf('=');
            if (eq < 0) throw new UsageException("invalid publish opts format (should be name=value but got '" + param + "')");
            params.put(param.substring(0, eq), param.substring(eq + 1));
        }
        return params.getOrDefault("published", "") + ":" + params.getOrDefault("target", "") + "/" + params.get("protocol");
    }

    /** {@code N} or {@code N-M}, ports 0–65535. */
    private static int[] range(String r) {
        int dash = r.indexOf('-');
        int a = port(dash < 0 ? r : r.substring(0, dash));
        int b = dash < 0 ? a : port(r.substring(dash + 1));
        if (b < a) throw new IllegalArgumentException("invalid port range: " + r);
        return new int[] {a, b};
    }

    private static int port(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535 || s.startsWith("+")) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + s + "'");
        }
    }
}
