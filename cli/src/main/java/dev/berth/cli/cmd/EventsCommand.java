package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Template;
import dev.berth.cli.format.TimeArg;
import dev.berth.cli.http.Body;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import dev.berth.cli.json.JsonStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code events}: GET /events?since=…&until=…&filters=…&after=…, one line per event as it arrives. */
@Command(name = "events", description = "Get real time events from the server")
public final class EventsCommand extends BaseCommand {
    @Option(names = "--since", description = "Show all events created since timestamp")
    String since;

    @Option(names = "--until", description = "Stream events until this timestamp")
    String until;

    @Option(names = "--after", description = "Berth: stream the events after this cursor (an event's berth.cursor), "
            + "stored ones then live")
    String after;

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Override
    protected int run() throws IOException {
        Clock clock = ctx().clock();
        Query q;
        try {
            q = Query.of()
                    .addIfPresent("since", since == null ? null : TimeArg.toApiTimestamp(since, clock))
                    .addIfPresent("until", until == null ? null : TimeArg.toApiTimestamp(until, clock))
                    .add("filters", Filters.encode(filters))
                    .addIfPresent("after", after);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());  // as the docker CLI: the message alone, exit 1
        }
        Template tmpl = format == null || format.isEmpty() ? null : Template.parse(ListFormat.templateText(format));
        try (HttpResponse r = client().call("GET", "/events" + q, Body.NONE)) {
            JsonStream.forEach(r.body(), ev -> {
                out().println(tmpl == null ? line(Json.map(ev), clock) : tmpl.execute(ev));
                out().flush();
            });
        }
        return 0;
    }

    /** docker's prettyPrintEvent: time, type, action, actor id, then sorted attributes. */
    static String line(Map<String, Object> ev, Clock clock) {
        StringBuilder sb = new StringBuilder();
        long nanos = Json.num(ev, "timeNano");
        long secs = Json.num(ev, "time");
        if (nanos != 0) {
            sb.append(GoTime.nanoFixed(Instant.ofEpochSecond(0, nanos), clock)).append(' ');
        } else if (secs != 0) {
            sb.append(GoTime.nanoFixed(Instant.ofEpochSecond(secs), clock)).append(' ');
        }
        sb.append(Json.str(ev, "Type")).append(' ').append(Json.str(ev, "Action")).append(' ')
                .append(Json.str(ev, "Actor", "ID"));
        Map<String, Object> attrs = new TreeMap<>(Json.map(Json.path(ev, "Actor", "Attributes")));
        if (!attrs.isEmpty()) {
            List<String> parts = new ArrayList<>();
            attrs.forEach((k, v) -> parts.add(k + "=" + v));
            sb.append(" (").append(String.join(", ", parts)).append(')');
        }
        return sb.toString();
    }
}
