package dev.berth.cli.cmd;

import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code port}: the container's published ports from NetworkSettings.Ports, as
 * {@code 80/tcp -> 0.0.0.0:8080} lines in natural order, or the host addresses of one port.
 */
@Command(name = "port", description = "List port mappings or a specific mapping for the container")
public final class PortCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PRIVATE_PORT[/PROTO]")
    String port;

    @Override
    protected int run() throws IOException {
        Object c = client().get("/containers/" + Query.seg(container) + "/json");
        Map<String, Object> ports = Json.map(Json.path(c, "NetworkSettings", "Ports"));
        List<String> out = new ArrayList<>();
        if (port != null) {
            String key = normalize(port);
            List<Object> frontends = Json.list(ports.get(key));
            if (frontends.isEmpty()) {
                throw new IllegalArgumentException("No public port '" + key + "' published for " + container);
            }
            for (Object f : frontends) out.add(hostPort(f));
        } else {
            ports.forEach((from, frontends) -> {
                for (Object f : Json.list(frontends)) out.add(from + " -> " + hostPort(f));
            });
        }
        out.sort(NaturalOrder.INSTANCE);
        for (String line : out) out().println(line);
        return 0;
    }

    /** {@code 80} → {@code 80/tcp}; the protocol lower-cased, the number checked. */
    static String normalize(String spec) {
        int slash = spec.indexOf('/');
        String num = slash < 0 ? spec : spec.substring(0, slash);
        String proto = slash < 0 || slash == spec.length() - 1 ? "tcp" : spec.substring(slash + 1).toLowerCase();
        try {
            int p = Integer.parseInt(num);
            if (p < 0 || p > 65535 || num.startsWith("+")) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port '" + num + "'");
        }
        if (!List.of("tcp", "udp", "sctp").contains(proto)) throw new IllegalArgumentException("invalid proto: " + proto);
        return Integer.parseInt(num) + "/" + proto;
    }

    /** Go's net.JoinHostPort. */
    private static String hostPort(Object binding) {
        String ip = Json.str(binding, "HostIp");
        String p = Json.str(binding, "HostPort");
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + p;
    }
}
