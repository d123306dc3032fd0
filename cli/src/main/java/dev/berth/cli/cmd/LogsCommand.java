package dev.berth.cli.cmd;

import dev.berth.cli.format.TimeArg;
import dev.berth.cli.http.Body;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.http.StreamDemux;
import dev.berth.cli.json.Json;
import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code logs}: GET /containers/{id}/json (is it a TTY?) then GET /containers/{id}/logs. */
@Command(name = "logs", description = "Fetch the logs of a container")
public final class LogsCommand extends BaseCommand {
    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = {"-n", "--tail"}, defaultValue = "all", description = "Number of lines to show from the end of the logs")
    String tail;

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Option(names = "--details", description = "Show extra details provided to logs")
    boolean details;

    @Option(names = "--since", description = "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m)")
    String since;

    @Option(names = "--until", description = "Show logs before a timestamp or relative")
    String until;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int run() throws IOException {
        Object info = client().get("/containers/" + Query.seg(container) + "/json");
        boolean tty = Boolean.TRUE.equals(Json.path(info, "Config", "Tty"));
        Query q = Query.of().flag("stdout", true).flag("stderr", true)
                .addIfPresent("since", timestamp("since", since))
                .addIfPresent("until", timestamp("until", until))
                .flag("timestamps", timestamps).flag("follow", follow).add("tail", tail).flag("details", details);
        try (HttpResponse r = client().call("GET", "/containers/" + Query.seg(container) + "/logs" + q, Body.NONE)) {
            if (tty) StreamDemux.copyRaw(r.body(), out());
            else StreamDemux.demux(r.body(), out(), err());
        }
        return 0;
    }

    /** As the docker CLI: read after the container's inspect, a bad value is named with Go's message, exit 1. */
    private String timestamp(String flag, String value) {
        try {
            return value == null ? null : TimeArg.toApiTimestamp(value, ctx().clock());
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for \"" + flag + "\": " + e.getMessage());
        }
    }
}
