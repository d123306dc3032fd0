package dev.berth.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.Set;

/**
 * dockerd's daemon.json keys (Linux, moby's {@code daemon/config}) that {@link DaemonConfig} does not
 * read. A file carried over from dockerd may hold any of them: each is refused by name ("… is not
 * supported by Berth yet") unless its value asks for nothing (empty) or for what Berth does anyway
 * (the table below) — a setting at the value Berth behaves as is not a request.
 */
final class DockerdDirectives {

    /** Keys dockerd knows that {@link DaemonConfig} does not read. */
    private static final Set<String> DOCKERD = Set.of(
            "allow-direct-routing", "allow-nondistributable-artifacts", "api-cors-header",
            "bip6", "bridge-accept-fwmark", "builder", "cdi-spec-dirs", "containerd", "containerd-namespace",
            "containerd-plugin-namespace", "cri-containerd",
            "default-gateway", "default-gateway-v6", "default-init",
            "deprecated-key-path", "exec-opts",
            "experimental", "features", "firewall-backend", "fixed-cidr", "http-proxy", "https-proxy", "ip-forward",
            "ip-forward-no-drop", "ip6tables", "iptables", "live-restore",
            "log-format", "max-download-attempts", "network-control-plane-mtu",
            "network-diagnostic-port", "no-proxy", "node-generic-resources", "oom-score-adjust",
            "proxies", "raw-logs", "resolv-conf", "rootless", "selinux-enabled",
            "shutdown-timeout", "storage-driver", "storage-opts", "swarm-default-advertise-addr",
            "swarm-raft-election-tick", "swarm-raft-heartbeat-tick", "userland-proxy", "userland-proxy-path", "userns-remap");

    /** The value of a key that describes what Berth does anyway. */
    private static final Map<String, JsonNode> AS_BERTH_DOES = Map.ofEntries(
            Map.entry("live-restore", BooleanNode.TRUE),        // containers outlive berthd under conmon
            Map.entry("storage-driver", TextNode.valueOf("overlay2")),
            Map.entry("iptables", BooleanNode.TRUE),
            Map.entry("ip-forward", BooleanNode.TRUE),
            Map.entry("userland-proxy", BooleanNode.FALSE),     // published ports are DNAT rules, no proxy process
            Map.entry("ip6tables", BooleanNode.TRUE),          // a network with IPv6 has its rules in ip6tables
            Map.entry("experimental", BooleanNode.FALSE),
            Map.entry("selinux-enabled", BooleanNode.FALSE),
            Map.entry("rootless", BooleanNode.FALSE),
            Map.entry("raw-logs", BooleanNode.FALSE),
            Map.entry("cri-containerd", BooleanNode.FALSE));

    static boolean known(String key) {
        return DOCKERD.contains(key);
    }

    /** {@code features} Berth has as dockerd has them switched so: the classic builder, its own image store. */
    private static final Map<String, JsonNode> FEATURES_AS_BERTH_DOES = Map.of(
            "buildkit", BooleanNode.FALSE,
            "containerd-snapshotter", BooleanNode.FALSE);

    /** {@code exec-opts} that name what Berth does: cgroupfs is its cgroup driver. */
    private static final Set<String> EXEC_OPTS_AS_BERTH_DOES = Set.of("native.cgroupdriver=cgroupfs");

    /** True when {@code value} asks for nothing Berth does not do: empty, or Berth's own behaviour. */
    static boolean asBerthDoes(String key, JsonNode value) {
        if (value == null || value.isNull() || (value.isContainerNode() && value.isEmpty())
                || (value.isTextual() && value.asText().isEmpty())) {
            return true;
        }
        if (key.equals("features") && value.isObject()) {
            for (var it = value.fields(); it.hasNext(); ) {
                var f = it.next();
                if (!f.getValue().equals(FEATURES_AS_BERTH_DOES.get(f.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (key.equals("exec-opts") && value.isArray()) {
            for (JsonNode o : value) {
                if (!EXEC_OPTS_AS_BERTH_DOES.contains(o.asText().replace(" ", ""))) {
                    return false;
                }
            }
            return true;
        }
        JsonNode same = AS_BERTH_DOES.get(key);
        return same != null && same.equals(value);
    }

    private DockerdDirectives() {}
}
