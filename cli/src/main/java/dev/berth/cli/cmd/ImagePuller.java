package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import dev.berth.cli.json.JsonStream;
import java.io.IOException;
import java.io.PrintStream;

/** POST /images/create?fromImage=…&tag=…: prints the progress lines, fails on an error message. */
final class ImagePuller {
    private ImagePuller() {}

    static void pull(DockerClient client, String ref, String platform, PrintStream progress) throws IOException {
        String[] rt = Names.repoTag(ref);
        int at = ref.indexOf('@');
        String tag = at >= 0 ? ref.substring(at + 1) : rt[1].isEmpty() ? "latest" : rt[1];
        Query q = Query.of().add("fromImage", rt[0]).add("tag", tag).addIfPresent("platform", platform);
        String[] error = new String[1];
        try (HttpResponse r = client.call("POST", "/images/create" + q, Body.NONE)) {
            JsonStream.forEach(r.body(), m -> {
                String e = Json.str(m, "error");
                if (!e.isEmpty()) {
                    error[0] = e;
                    return;
                }
                String id = Json.str(m, "id");
                String line = (id.isEmpty() ? "" : id + ": ") + Json.str(m, "status");
                String p = Json.str(m, "progress");
                progress.println(p.isEmpty() ? line : line + " " + p);
            });
        }
        if (error[0] != null) throw new DaemonException(500, error[0]);
    }

    /** {@code alpine} → {@code alpine:latest}, as docker names the image it could not find. */
    static String withDefaultTag(String ref) {
        if (ref.contains("@")) return Names.familiar(ref);
        String[] rt = Names.repoTag(ref);
        return Names.familiar(rt[0]) + ":" + (rt[1].isEmpty() ? "latest" : rt[1]);
    }
}
