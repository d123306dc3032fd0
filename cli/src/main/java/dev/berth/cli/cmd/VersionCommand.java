package dev.berth.cli.cmd;

import dev.berth.cli.BerthCommand;
import dev.berth.cli.format.InspectFormat;
import dev.berth.cli.format.TabWriter;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code version}: the client's facts, then GET /version laid out like docker's template. */
@Command(name = "version", description = "Show the Docker version information")
public final class VersionCommand extends BaseCommand {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Override
    protected int run() throws IOException {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put("Version", BerthCommand.VERSION);
        client.put("ApiVersion", DockerClient.API_VERSION);
        client.put("DefaultAPIVersion", DockerClient.API_VERSION);
        client.put("JavaVersion", System.getProperty("java.version"));
        client.put("Os", "linux");
        client.put("Arch", arch());
        client.put("Context", "default");
        Object server = null;
        IOException failure = null;
        try {
            server = client().get("/version");
        } catch (IOException e) {
            failure = e;
        }
        if (format != null && !format.isEmpty()) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("Client", client);
            all.put("Server", server);
            int code = InspectFormat.print(format, all, "version", "version", out(), err());
            if (failure == null && code != 0) return code;
        } else {
            out().println(new TabWriter(20, 1).format(text(client, server)));
        }
        if (failure != null) throw failure;
        return 0;
    }

    private static String text(Map<String, Object> c, Object s) {
        StringBuilder sb = new StringBuilder();
        sb.append("Client: Berth\n");
        sb.append(" Version:\t").append(c.get("Version")).append('\n');
        sb.append(" API version:\t").append(c.get("ApiVersion")).append('\n');
        sb.append(" Java version:\t").append(c.get("JavaVersion")).append('\n');
        sb.append(" OS/Arch:\t").append(c.get("Os")).append('/').append(c.get("Arch")).append('\n');
        sb.append(" Context:\t").append(c.get("Context"));
        if (s == null) return sb.toString();
        String platform = Json.str(s, "Platform", "Name");
        sb.append("\n\nServer:").append(platform.isEmpty() ? "" : " " + platform);
        boolean engine = false;
        for (Object comp : Json.list(Json.path(s, "Components"))) {
            String name = Json.str(comp, "Name");
            sb.append("\n ").append(name).append(':');
            if (name.equals("Engine")) {
                engine = true;
                engine(sb, Json.str(comp, "Version"), Json.map(Json.path(comp, "Details")));
            } else {
                sb.append("\n  Version:\t").append(Json.str(comp, "Version"));
                new TreeMap<>(Json.map(Json.path(comp, "Details")))
                        .forEach((k, v) -> sb.append("\n  ").append(k).append(":\t").append(v));
            }
        }
        if (!engine) {
            sb.append("\n Engine:");
            engine(sb, Json.str(s, "Version"), Json.map(s));
        }
        return sb.toString();
    }

    private static void engine(StringBuilder sb, String version, Map<String, Object> d) {
        sb.append("\n  Version:\t").append(version);
        sb.append("\n  API version:\t").append(Json.str(d, "ApiVersion"))
                .append(" (minimum version ").append(Json.str(d, "MinAPIVersion")).append(')');
        sb.append("\n  Go version:\t").append(Json.str(d, "GoVersion"));
        sb.append("\n  Git commit:\t").append(Json.str(d, "GitCommit"));
        sb.append("\n  Built:\t").append(Json.str(d, "BuildTime"));
        sb.append("\n  OS/Arch:\t").append(Json.str(d, "Os")).append('/').append(Json.str(d, "Arch"));
        sb.append("\n  Experimental:\t").append(Json.str(d, "Experimental").isEmpty() ? "false" : Json.str(d, "Experimental"));
    }

    private static String arch() {
        String a = System.getProperty("os.arch");
        return a.equals("x86_64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
    }
}
