package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.api.model.ImageInspect;
import java.util.Iterator;
import java.util.Map;

/**
 * The image-inspect fields dockerd still sends to older clients: {@code Container} and
 * {@code ContainerConfig} below API 1.45, {@code VirtualSize} below 1.44. Berth keeps no builder
 * container with an image, so both are empty, as dockerd shows them for an imported or pulled image.
 *
 * <p>One departure: docker-compose 1.x (its User-Agent) gets them at every version. It negotiates the
 * daemon's newest API yet reads {@code ContainerConfig.Volumes} whenever it recreates a container, and
 * fails with {@code KeyError: 'ContainerConfig'} without it, as it does against dockerd 25 and later.
 */
final class LegacyImageInspect {
    private static final ApiVersion NO_CONTAINER_CONFIG = new ApiVersion(1, 45);
    private static final ApiVersion NO_VIRTUAL_SIZE = new ApiVersion(1, 44);
    private static final String COMPOSE_1 = "docker-compose/1.";

    private LegacyImageInspect() {}

    /** The inspect body as a client of {@code version} (with this User-Agent, may be null) expects it. */
    static Object forClient(ImageInspect image, ApiVersion version, String userAgent) {
        boolean compose1 = userAgent != null && userAgent.startsWith(COMPOSE_1);
        if (version.atLeast(NO_CONTAINER_CONFIG) && !compose1) {
            return image;
        }
        ObjectNode current = Json.MAPPER.valueToTree(image);
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = current.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            out.set(field.getKey(), field.getValue());
            if (field.getKey().equals("Created")) {
                out.put("Container", "");
                out.set("ContainerConfig", emptyContainerConfig());
            }
        }
        if (!version.atLeast(NO_VIRTUAL_SIZE)) {
            out.put("VirtualSize", image.size());
        }
        return out;
    }

    /** A zero container config as Go's encoder writes one: the fields without omitempty, empty. */
    private static ObjectNode emptyContainerConfig() {
        ObjectNode c = Json.MAPPER.createObjectNode();
        for (String text : new String[] {"Hostname", "Domainname", "User"}) {
            c.put(text, "");
        }
        for (String flag : new String[] {"AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce"}) {
            c.put(flag, false);
        }
        c.putNull("Env");
        c.putNull("Cmd");
        c.put("Image", "");
        c.putNull("Volumes");
        c.put("WorkingDir", "");
        c.putNull("Entrypoint");
        c.putNull("OnBuild");
        c.putNull("Labels");
        return c;
    }
}
