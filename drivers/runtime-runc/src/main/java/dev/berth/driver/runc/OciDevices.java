package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.runtime.ContainerSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code linux.devices} and the devices cgroup's extra allow rules, as dockerd's {@code WithDevices} sets
 * them: a privileged container gets every host node (its allow-all rule is {@link OciResources}'), plus
 * the {@code --device}s mapped elsewhere; any other gets its {@code --device}s, each allowed with its
 * permissions, then the {@code --device-cgroup-rule}s.
 */
final class OciDevices {
    private OciDevices() {}

    /** @param linux the spec's {@code linux} object, its {@code resources} already set */
    static void apply(ObjectNode linux, ContainerSpec.Resources r, boolean privileged) {
        List<DeviceNodes.Node> nodes = new ArrayList<>();
        ArrayNode rules = (ArrayNode) linux.path("resources").path("devices");
        if (privileged) {
            nodes.addAll(DeviceNodes.host());
            for (ContainerSpec.Device d : r.devices()) {
                // the host's /dev is all there already; only a node under another name is extra
                if (!d.pathOnHost().equals(d.pathInContainer())) {
                    nodes.addAll(DeviceNodes.fromPath(d.pathOnHost(), d.pathInContainer()));
                }
            }
        } else {
            for (ContainerSpec.Device d : r.devices()) {
                for (DeviceNodes.Node n : DeviceNodes.fromPath(d.pathOnHost(), d.pathInContainer())) {
                    nodes.add(n);
                    rules.addObject().put("allow", true).put("type", n.type()).put("major", n.major())
                            .put("minor", n.minor()).put("access", d.permissions());
                }
            }
            for (ContainerSpec.DeviceRule rule : r.deviceRules()) {
                ObjectNode o = rules.addObject().put("allow", true).put("type", rule.type());
                o.put("major", rule.major()).put("minor", rule.minor()).put("access", rule.access());
            }
        }
        if (nodes.isEmpty()) {
            return;
        }
        ArrayNode devices = linux.putArray("devices");
        for (DeviceNodes.Node n : nodes) {
            devices.addObject().put("path", n.path()).put("type", n.type()).put("major", n.major())
                    .put("minor", n.minor()).put("fileMode", n.fileMode()).put("uid", n.uid()).put("gid", n.gid());
        }
    }
}
