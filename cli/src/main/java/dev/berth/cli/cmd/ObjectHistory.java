package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.TabWriter;
import dev.berth.cli.format.Template;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code berth history --events OBJECT}: one object's journaled events, oldest first: time, type, action,
 * who asked (the event's {@code berth.*} caller attributes) and journal offset. Looks the object up as
 * a container, image, network, then volume (or only {@code --type}), as inspect does.
 */
final class ObjectHistory {
    static final List<String> TYPES = List.of("container", "image", "network", "volume");
    private final DockerClient client;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    ObjectHistory(DockerClient client, PrintStream out, PrintStream err, Clock clock) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    int print(String type, String ref, String format, boolean noTrunc) throws IOException {
        if (type != null && !TYPES.contains(type)) {
            throw new UsageException("\"" + type + "\" is not a valid value for --type");
        }
        List<String> kinds = type == null ? TYPES : List.of(type);
        Object events = null;
        String error = "No such object: " + ref;
        for (String kind : kinds) {
            try {
                events = client.get("/berth/history/" + kind + "/" + Query.seg(ref));
                break;
            } catch (DaemonException e) {
                if (!e.isNotFound()) throw e;
                if (kinds.size() == 1) error = e.getMessage();
            }
        }
        if (events == null) {
            err.println("Error: " + error);
            return 1;
        }
        if (format != null && format.equals("json")) {
            for (Object e : Json.list(events)) out.println(Json.write(e));
            return 0;
        }
        if (format != null && !format.isEmpty()) {
            Template tmpl = Template.parse(ListFormat.templateText(format));
            for (Object e : Json.list(events)) out.println(tmpl.execute(e));
            return 0;
        }
        StringBuilder sb = new StringBuilder("TIME\tTYPE\tACTION\tID\tWHO\tOFFSET\n");
        for (Object e : Json.list(events)) {
            String id = Json.str(e, "Actor", "ID");
            if (!noTrunc && id.matches("(sha256:)?[0-9a-f]{64}")) id = Names.truncateId(id);
            long offset = Json.num(e, "berth", "offset");
            sb.append(GoTime.nanoFixed(Instant.ofEpochSecond(0, Json.num(e, "timeNano")), clock)).append('\t')
                    .append(Json.str(e, "Type")).append('\t').append(Json.str(e, "Action")).append('\t')
                    .append(id).append('\t').append(who(Json.map(Json.path(e, "Actor", "Attributes")))).append('\t')
                    .append(offset == 0 ? "-" : Long.toString(offset)).append('\n');
        }
        out.print(TabWriter.table(sb.toString()));
        return 0;
    }

    /** The caller attributes an event carries, e.g. {@code uid=0 comm=docker}; "-" for the engine's own doing. */
    static String who(Map<String, Object> attributes) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("user", "uid", "comm", "remote", "ua")) {
            Object v = attributes.get("berth." + key);
            if (v != null && !v.toString().isEmpty()) parts.add(key + "=" + v);
        }
        return parts.isEmpty() ? "-" : String.join(" ", parts);
    }
}
