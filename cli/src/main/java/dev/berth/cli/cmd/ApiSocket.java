package dev.berth.cli.cmd;

import dev.berth.cli.CliContext;
import dev.berth.cli.http.Body;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Endpoint;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * {@code --use-api-socket}, as the docker CLI does it: the daemon's unix socket bind-mounted at
 * /var/run/docker.sock and, when logins are stored, DOCKER_CONFIG=/run/secrets/docker in the
 * environment and a config.json with them copied there once the container exists.
 */
final class ApiSocket {
    static final String CONFIG_DIR = "/run/secrets/docker";

    private ApiSocket() {}

    /** Adds the mount (and the env) to the create body; returns the config.json to copy in, or null. */
    @SuppressWarnings("unchecked")
    static byte[] apply(CliContext ctx, CreateOptions o, Map<String, Object> body) throws IOException {
        if (!o.useApiSocket) return null;
        Endpoint endpoint = ctx.endpoint();
        if (!"unix".equals(endpoint.scheme())) {
            throw new Injection("flag --use-api-socket can only be used with unix sockets: docker endpoint "
                    + endpoint + " incompatible");
        }
        Map<String, Object> mount = new LinkedHashMap<>();
        mount.put("Type", "bind");
        mount.put("Source", endpoint.path());
        mount.put("Target", "/var/run/docker.sock");
        mount.put("BindOptions", new LinkedHashMap<>());
        Map<String, Object> host = (Map<String, Object>) body.get("HostConfig");
        List<Object> mounts = new ArrayList<>(Json.list(host.get("Mounts")));
        mounts.add(mount);
        host.put("Mounts", mounts);
        Map<String, String> auths = new Credentials(ctx.env()).allAuths();
        if (auths.isEmpty()) return null;
        List<Object> env = new ArrayList<>(Json.list(body.get("Env")));
        env.add("DOCKER_CONFIG=" + CONFIG_DIR);
        body.put("Env", env);
        StringBuilder json = new StringBuilder("{\n\t\"auths\": {");
        String sep = "\n";
        for (Map.Entry<String, String> e : auths.entrySet()) {
            json.append(sep).append("\t\t").append(Json.write(e.getKey())).append(": {\n\t\t\t\"auth\": ")
                    .append(Json.write(e.getValue())).append("\n\t\t}");
            sep = ",\n";
        }
        json.append("\n\t}\n}");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** PUT the config.json (mode 0600) into the new container; docker's wording when the daemon refuses. */
    static void inject(DockerClient client, String id, byte[] config) throws IOException {
        if (config == null) return;
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry entry = new TarArchiveEntry(CONFIG_DIR + "/config.json", true);
            entry.setMode(0600);
            entry.setSize(config.length);
            out.putArchiveEntry(entry);
            out.write(config);
            out.closeArchiveEntry();
        }
        String path = "/containers/" + dev.berth.cli.http.Query.seg(id) + "/archive?noOverwriteDirNonDir=true&path=%2F";
        try (HttpResponse r = client.call("PUT", path, new Body.Bytes(tar.toByteArray(), "application/x-tar"))) {
            r.bytes();
        } catch (DaemonException e) {
            throw new Injection("injecting docker config.json into container failed: copying config.json into "
                    + "container failed: Error response from daemon: " + e.getMessage());
        }
    }

    /** No unix socket, or the copy failed after the container was created: docker's create prints the message alone (exit 1), run as its other failures (125). */
    static final class Injection extends RuntimeException {
        Injection(String message) {
            super(message);
        }
    }
}
