package dev.berth.persistence.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a {@link HostConfig} journaled in shape version 1 as version 2. Version 1 (Berth up to the
 * restart-policy release) kept what is now typed as text:
 *
 * <pre>
 *   "tmpfs"        : {"/run": "rw,size=64m"}                      → [{"target": "/run", "options": ["rw", "size=64m"]}]
 *   "binds"        : ["/srv:/data:ro"]                             → [{"source": "/srv", "target": "/data", "mode": ["ro"]}]
 *   "portBindings" : {"80/tcp": ["127.0.0.1:8080", ":8081"]}      → [{"containerPort": 80, "protocol": "tcp",
 *                                                                      "hostIp": "127.0.0.1", "hostPort": 8080}, …]
 *   "restartPolicy": "on-failure", "restartMaxRetries": 3          → {"name": "on-failure", "maximumRetryCount": 3}
 * </pre>
 *
 * Version 1 accepted some values at create that only failed when the container started (a named
 * volume, an unknown tmpfs option, a port range); such an entry could never take effect, so it is
 * left out with a warning rather than making the whole container unreadable. A retry count on a
 * policy other than on-failure, or a negative one, meant "no limit" and becomes 0. Where a bind and
 * a tmpfs (or two binds) had the same target, the one the runtime mounted last — the one the
 * container saw — is kept.
 */
public final class HostConfigMigration {
    private static final Logger LOG = LoggerFactory.getLogger(HostConfigMigration.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    // Plain Jackson writes these records exactly as the journal's serializer does (no dates, no maps in them).
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The shape version written now. */
    public static final int VERSION = 2;

    private HostConfigMigration() {}

    /** Rewrites a version-1 host config in place; a missing or null node is left alone. */
    public static void upcast(JsonNode node) {
        if (!(node instanceof ObjectNode h)) {
            return;
        }
        // Version 1's runtime mounted tmpfs first, then binds in order: the last one at a path won.
        Map<String, JsonNode> byTarget = new LinkedHashMap<>();
        Map<String, String> kind = new LinkedHashMap<>();
        for (TmpfsMount t : tmpfs(h.get("tmpfs"))) {
            put(byTarget, kind, t.target(), "tmpfs", json(t));
        }
        for (BindMount b : binds(h.get("binds"))) {
            put(byTarget, kind, b.target(), "bind", json(b));
        }
        ArrayNode tmpfs = h.putArray("tmpfs");
        ArrayNode binds = h.putArray("binds");
        byTarget.forEach((target, mount) -> (kind.get(target).equals("tmpfs") ? tmpfs : binds).add(mount));

        ArrayNode ports = F.arrayNode();
        ports(h.get("portBindings")).forEach(p -> ports.add(json(p)));
        h.set("portBindings", ports);

        h.set("restartPolicy", json(restartPolicy(h.path("restartPolicy").asText(""), h.path("restartMaxRetries").asInt(0))));
        h.remove("restartMaxRetries");
    }

    private static void put(Map<String, JsonNode> byTarget, Map<String, String> kind, String target, String type,
                            JsonNode mount) {
        String key = ContainerPath.clean(target);
        if (byTarget.remove(key) != null) {
            LOG.warn("journaled container config had two mounts at {}; keeping the {} the container saw", key, type);
        }
        byTarget.put(key, mount);
        kind.put(key, type);
    }

    private static List<TmpfsMount> tmpfs(JsonNode node) {
        List<TmpfsMount> out = new ArrayList<>();
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                try {
                    out.add(TmpfsMount.parse(e.getKey(), e.getValue().asText("")));
                } catch (EngineException ex) {
                    skipped("tmpfs " + e.getKey() + ":" + e.getValue().asText(""), ex);
                }
            }
        }
        return out;
    }

    private static List<BindMount> binds(JsonNode node) {
        List<BindMount> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            for (JsonNode b : node) {
                try {
                    out.add(BindMount.parse(b.asText()));
                } catch (EngineException ex) {
                    skipped("bind " + b.asText(), ex);
                }
            }
        }
        return out;
    }

    private static List<PortBinding> ports(JsonNode node) {
        List<PortBinding> out = new ArrayList<>();
        if (node == null || !node.isObject()) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            List<String> bindings = new ArrayList<>();
            e.getValue().forEach(b -> bindings.add(b.asText()));
            if (bindings.isEmpty()) {
                bindings.add(":"); // version 1 published a port with no bindings on any free host port
            }
            for (String b : bindings) {
                int colon = b.lastIndexOf(':');
                try {
                    PortBinding p = PortBinding.parse(e.getKey(), colon < 0 ? "" : b.substring(0, colon), b.substring(colon + 1));
                    if (p.hostRange()) {
                        // version 1 failed such a container's every start: the entry never took effect, and an
                        // old journal replays as it always did although ranges are published now
                        throw EngineException.invalid("host port ranges did not start in version 1");
                    }
                    out.add(p);
                } catch (EngineException ex) {
                    skipped("port " + e.getKey() + " → " + b, ex);
                }
            }
        }
        return out;
    }

    private static RestartPolicy restartPolicy(String name, int retries) {
        try {
            RestartPolicy kind = RestartPolicy.of(name, 0);
            return kind.name() == RestartPolicy.Name.ON_FAILURE ? new RestartPolicy(kind.name(), Math.max(0, retries)) : kind;
        } catch (EngineException ex) {
            skipped("restart policy " + name, ex);
            return RestartPolicy.NO;
        }
    }

    private static void skipped(String what, EngineException why) {
        LOG.warn("journaled container config: {} could never take effect ({}); reading it without", what, why.getMessage());
    }

    private static JsonNode json(Object value) {
        return MAPPER.valueToTree(value);
    }
}
