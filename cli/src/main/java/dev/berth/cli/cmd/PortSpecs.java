package dev.berth.cli.cmd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code -p [ip:][hostPort:]containerPort[/proto]} as ExposedPorts and PortBindings. */
record PortSpecs(Map<String, Object> exposed, Map<String, Object> bindings) {

    static PortSpecs parse(List<String> publish, List<String> expose) {
        Map<String, Object> exposed = new LinkedHashMap<>();
        Map<String, Object> bindings = new LinkedHashMap<>();
        for (String e : expose) {
            String[] pp = protoSplit(e);
            for (String port : range(pp[0], e)) exposed.put(port + "/" + pp[1], new LinkedHashMap<String, Object>());
        }
        for (String spec : publish) {
            String[] pp = protoSplit(spec);
            String rest = pp[0];
            String ip = "";
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) throw new UsageException("invalid IP address: " + spec);
                ip = rest.substring(1, close);
                rest = rest.substring(close + 1);
                if (rest.startsWith(":")) rest = rest.substring(1);
            }
            String[] parts = rest.split(":", -1);
            String hostPort = "";
            String containerPort;
            if (parts.length == 1) {
                containerPort = parts[0];
            } else if (parts.length == 2) {
                hostPort = parts[0];
                containerPort = parts[1];
            } else if (parts.length == 3 && ip.isEmpty()) {
                ip = parts[0];
                hostPort = parts[1];
                containerPort = parts[2];
            } else {
                throw new UsageException("invalid argument \"" + spec + "\" for \"-p, --publish\" flag: invalid port format");
            }
            List<String> cports = range(containerPort, spec);
            List<String> hports = hostPort.isEmpty() ? null : range(hostPort, spec);
            if (hports != null && hports.size() != cports.size() && hports.size() != 1) {
                throw new UsageException("invalid ranges specified for container and host Ports: " + spec);
            }
            for (int i = 0; i < cports.size(); i++) {
                String key = cports.get(i) + "/" + pp[1];
                exposed.put(key, new LinkedHashMap<String, Object>());
                Map<String, Object> b = new LinkedHashMap<>();
                b.put("HostIp", ip);
                b.put("HostPort", hports == null ? "" : hports.size() == 1 ? hports.get(0) : hports.get(i));
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) bindings.computeIfAbsent(key, k -> new ArrayList<Object>());
                list.add(b);
            }
        }
        return new PortSpecs(exposed, bindings);
    }

    private static String[] protoSplit(String spec) {
        int slash = spec.lastIndexOf('/');
        if (slash < 0) return new String[] {spec, "tcp"};
        return new String[] {spec.substring(0, slash), spec.substring(slash + 1).toLowerCase()};
    }

    private static List<String> range(String r, String spec) {
        try {
            int dash = r.indexOf('-');
            int a = Integer.parseInt(dash < 0 ? r : r.substring(0, dash));
            int b = dash < 0 ? a : Integer.parseInt(r.substring(dash + 1));
            if (a < 0 || b < a || b > 65535) throw new NumberFormatException();
            List<String> out = new ArrayList<>();
            for (int p = a; p <= b; p++) out.add(Integer.toString(p));
            return out;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid argument \"" + spec + "\" for \"-p, --publish\" flag: invalid containerPort: " + r);
        }
    }
}
