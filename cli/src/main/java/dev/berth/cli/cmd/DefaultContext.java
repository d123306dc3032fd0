package dev.berth.cli.cmd;

import dev.berth.cli.CliContext;
import dev.berth.cli.http.ClientTls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * berth's only context, {@code default}: the daemon that -H, BERTH_HOST or DOCKER_HOST names (or
 * berthd's socket), described as the docker CLI describes its default context.
 */
final class DefaultContext {
    static final String NAME = "default";
    static final String DESCRIPTION = "Current DOCKER_HOST based configuration";

    private DefaultContext() {}

    /** Another name is refused as berth refuses {@code --context NAME}. */
    static String refusal(String name) {
        return "context \"" + name + "\": contexts other than \"default\" are not supported by berth yet";
    }

    /** docker's warning after {@code context ls} when DOCKER_HOST is set (it wins over the chosen context). */
    static final String HOST_WARNING = "Warning: DOCKER_HOST environment variable overrides the active context. "
            + "To use a context, either set the global --context flag, or unset DOCKER_HOST environment variable.";

    static boolean hostFromEnv(CliContext ctx) {
        String h = ctx.env().get("DOCKER_HOST");
        return h != null && !h.isEmpty();
    }

    /** {@code context inspect}'s object, in docker's field order. */
    static Map<String, Object> inspect(CliContext ctx) {
        Map<String, Object> docker = new LinkedHashMap<>();
        docker.put("Host", ctx.hostText());
        ClientTls tls = ctx.clientTls();
        docker.put("SkipTLSVerify", tls != null && !tls.verify());
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Name", NAME);
        c.put("Metadata", Map.of());
        c.put("Endpoints", Map.of("docker", docker));
        c.put("TLSMaterial", tls == null ? Map.of() : Map.of("docker", material(tls)));
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("MetadataPath", "<IN MEMORY>");
        storage.put("TLSPath", "<IN MEMORY>");
        c.put("Storage", storage);
        return c;
    }

    /** The TLS files the context holds, by docker's names for them: those that exist (docker lists them in a Go map's order). */
    private static List<String> material(ClientTls tls) {
        List<String> names = new java.util.ArrayList<>();
        if (tls.caFile() != null && java.nio.file.Files.isRegularFile(tls.caFile())) names.add("ca.pem");
        if (tls.certFile() != null && tls.keyFile() != null) {
            names.add("cert.pem");
            names.add("key.pem");
        }
        return names;
    }

    static List<String> names() {
        return List.of(NAME);
    }
}
