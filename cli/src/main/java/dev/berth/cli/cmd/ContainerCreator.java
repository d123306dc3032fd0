package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * POST /containers/create?name=…&platform=…; when the image is missing (404) it says so like
 * docker, pulls with POST /images/create and tries once more.
 */
final class ContainerCreator {
    private static final Set<String> PULL_POLICIES = Set.of("always", "missing", "never");

    private ContainerCreator() {}

    static String create(DockerClient client, CreateOptions o, Map<String, Object> body, PrintStream err,
                         Map<String, String> env)
            throws IOException {
        if (!PULL_POLICIES.contains(o.pull)) {
            throw new UsageException("invalid pull option: '" + o.pull + "': must be one of \"always\", \"missing\" or \"never\"");
        }
        ContentTrust.refuseIfOn(o.disableContentTrust, env);
        // as the docker CLI: an existing --cidfile is refused before anything is created
        if (o.cidfile != null && Files.exists(Path.of(o.cidfile), LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("container ID file found, make sure the other container isn't running or delete "
                    + o.cidfile);
        }
        PrintStream progress = o.quiet ? new PrintStream(OutputStream.nullOutputStream()) : err;
        String path = "/containers/create" + Query.of().add("name", o.name).add("platform", o.platform);
        if ("always".equals(o.pull)) ImagePuller.pull(client, o.image, o.platform, progress);
        Object resp;
        try {
            resp = client.post(path, body);
        } catch (DaemonException e) {
            if (!e.isNotFound() || "never".equals(o.pull) || "always".equals(o.pull)) throw e;
            err.println("Unable to find image '" + ImagePuller.withDefaultTag(o.image) + "' locally");
            ImagePuller.pull(client, o.image, o.platform, progress);
            resp = client.post(path, body);
        }
        for (Object w : Json.list(Json.path(resp, "Warnings"))) err.println("WARNING: " + w);
        String id = Json.str(resp, "Id");
        if (o.cidfile != null) {
            try {
                Files.writeString(Path.of(o.cidfile), id);
            } catch (IOException e) {
                throw new UsageException("failed to write the container ID to the file: " + e.getMessage());
            }
        }
        return id;
    }
}
