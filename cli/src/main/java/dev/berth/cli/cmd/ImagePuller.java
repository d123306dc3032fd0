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
import java.util.Map;

/** POST /images/create?fromImage=…&tag=…: prints the progress lines, fails on an error message. */
final class ImagePuller {
    private ImagePuller() {}

    static void pull(DockerClient client, String ref, String platform, PrintStream progress) throws IOException {
        pull(client, ref, platform, progress, null);
    }

    /** With the CLI's stored credentials for the image's registry sent as X-Registry-Auth. */
    static void pull(DockerClient client, String ref, String platform, PrintStream progress, Credentials creds)
            throws IOException {
        String[] rt = Names.repoTag(ref);
        int at = ref.indexOf('@');
        String tag = at >= 0 ? ref.substring(at + 1) : rt[1].isEmpty() ? "latest" : rt[1];
        Query q = Query.of().add("fromImage", rt[0]).add("tag", tag).addIfPresent("platform", platform);
        Map<String, String> headers = creds == null ? Map.of()
                : Map.of("X-Registry-Auth", creds.header(Credentials.serverOf(ref)));
        try (HttpResponse r = client.call("POST", "/images/create" + q, headers, Body.NONE)) {
            new ProgressPrinter(progress, creds != null && System.console() != null).print(r.body());
        }
    }

    /** {@code busybox:latest} → {@code docker.io/library/busybox:latest}: what {@code docker pull} prints last. */
    static String canonical(String ref) {
        int slash = ref.indexOf('/');
        String first = slash < 0 ? "" : ref.substring(0, slash);
        boolean domain = first.contains(".") || first.contains(":") || first.equals("localhost");
        if (domain) return ref;
        return "docker.io/" + (slash < 0 ? "library/" : "") + ref;
    }

    /** {@code alpine} → {@code alpine:latest}, as docker names the image it could not find. */
    static String withDefaultTag(String ref) {
        if (ref.contains("@")) return Names.familiar(ref);
        String[] rt = Names.repoTag(ref);
        return Names.familiar(rt[0]) + ":" + (rt[1].isEmpty() ? "latest" : rt[1]);
    }
}
