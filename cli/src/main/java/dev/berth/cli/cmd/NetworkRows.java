package dev.berth.cli.cmd;

import dev.berth.cli.format.Row;
import dev.berth.cli.format.TemplateMethod;
import dev.berth.cli.json.Json;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker's networkContext: the {@code network ls} fields of one network summary. */
final class NetworkRows {
    static final String DEFAULT_TABLE = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
    static final String RAW = "network_id: {{.ID}}\\nname: {{.Name}}\\ndriver: {{.Driver}}\\nscope: {{.Scope}}\\n";
    static final String RAW_QUIET = "network_id: {{.ID}}";
    static final Map<String, Object> HEADERS = headers();

    private NetworkRows() {}

    private static Map<String, Object> headers() {
        Map<String, Object> h = new HashMap<>();
        h.put("ID", "NETWORK ID");
        h.put("Name", "NAME");
        h.put("Driver", "DRIVER");
        h.put("Scope", "SCOPE");
        h.put("IPv4", "IPV4");
        h.put("IPv6", "IPV6");
        h.put("Internal", "INTERNAL");
        h.put("Labels", "LABELS");
        h.put("Label", (TemplateMethod) args -> "LABEL");
        h.put("CreatedAt", "CREATED AT");
        return Map.copyOf(h);
    }

    static Row of(Map<String, Object> n, boolean trunc) {
        Map<String, Object> f = new LinkedHashMap<>();
        String id = Json.str(n, "Id");
        f.put("ID", trunc ? Names.truncateId(id) : id);
        f.put("Name", Json.str(n, "Name"));
        f.put("Driver", Json.str(n, "Driver"));
        f.put("Scope", Json.str(n, "Scope"));
        // EnableIPv4 is absent from older daemons' answers, where IPv4 was always on
        f.put("IPv4", Boolean.toString(!Boolean.FALSE.equals(n.get("EnableIPv4"))));
        f.put("IPv6", Boolean.toString(Boolean.TRUE.equals(n.get("EnableIPv6"))));
        f.put("Internal", Boolean.toString(Boolean.TRUE.equals(n.get("Internal"))));
        Map<String, Object> labels = Json.map(n.get("Labels"));
        List<String> pairs = new ArrayList<>();
        labels.forEach((k, v) -> pairs.add(k + "=" + v));
        pairs.sort(null);
        f.put("Labels", String.join(",", pairs));
        f.put("Label", (TemplateMethod) args -> args.isEmpty() ? "" : Json.str(labels, String.valueOf(args.get(0))));
        f.put("CreatedAt", goTimeString(Json.str(n, "Created")));
        return new Row("network.networkContext", f);
    }

    /** Go's time.Time.String() of an RFC 3339 timestamp: {@code 2024-01-02 03:04:05.5 +0000 UTC}. */
    static String goTimeString(String rfc3339) {
        if (rfc3339.isEmpty()) return "0001-01-01 00:00:00 +0000 UTC";
        try {
            OffsetDateTime t = OffsetDateTime.parse(rfc3339);
            StringBuilder sb = new StringBuilder(String.format("%04d-%02d-%02d %02d:%02d:%02d", t.getYear(),
                    t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
            if (t.getNano() != 0) {
                String frac = String.format("%09d", t.getNano()).replaceAll("0+$", "");
                sb.append('.').append(frac);
            }
            int secs = t.getOffset().getTotalSeconds();
            String off = String.format("%s%02d%02d", secs < 0 ? "-" : "+", Math.abs(secs) / 3600, Math.abs(secs) % 3600 / 60);
            sb.append(' ').append(off).append(' ').append(rfc3339.endsWith("Z") ? "UTC" : off);
            return sb.toString();
        } catch (DateTimeParseException e) {
            return rfc3339;
        }
    }
}
