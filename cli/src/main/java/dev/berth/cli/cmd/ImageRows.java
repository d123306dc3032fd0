package dev.berth.cli.cmd;

import dev.berth.cli.format.Row;
import dev.berth.cli.format.Units;
import dev.berth.cli.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** docker's imageContext: one row per repository:tag (and per digest with --digests). */
final class ImageRows {
    static final String DEFAULT_TABLE =
            "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    static final String DIGEST_TABLE =
            "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\t{{.Size}}";
    static final Map<String, Object> HEADERS = Map.ofEntries(Map.entry("ID", "IMAGE ID"),
            Map.entry("Repository", "REPOSITORY"), Map.entry("Tag", "TAG"), Map.entry("Digest", "DIGEST"),
            Map.entry("CreatedSince", "CREATED"), Map.entry("CreatedAt", "CREATED AT"), Map.entry("Size", "SIZE"),
            Map.entry("Containers", "CONTAINERS"), Map.entry("SharedSize", "SHARED SIZE"),
            Map.entry("UniqueSize", "UNIQUE SIZE"), Map.entry("VirtualSize", "SIZE"));

    private ImageRows() {}

    static List<Row> of(Map<String, Object> img, boolean trunc, boolean digests, Clock clock) {
        List<Object> tags = Json.list(img.get("RepoTags"));
        List<Object> dgs = Json.list(img.get("RepoDigests"));
        List<Row> rows = new ArrayList<>();
        boolean dangling = (tags.isEmpty() && dgs.isEmpty())
                || (tags.size() == 1 && "<none>:<none>".equals(tags.get(0)) && dgs.size() == 1 && "<none>@<none>".equals(dgs.get(0)));
        if (dangling) {
            rows.add(row(img, "<none>", "<none>", "<none>", trunc, clock));
            return rows;
        }
        Map<String, List<String>> repoTags = new LinkedHashMap<>();
        for (Object t : tags) {
            String[] rt = Names.repoTag(String.valueOf(t));
            if (rt[1].isEmpty()) continue;
            repoTags.computeIfAbsent(Names.familiar(rt[0]), k -> new ArrayList<>()).add(rt[1]);
        }
        Map<String, List<String>> repoDigests = new LinkedHashMap<>();
        for (Object d : dgs) {
            String s = String.valueOf(d);
            int at = s.indexOf('@');
            if (at < 0) continue;
            repoDigests.computeIfAbsent(Names.familiar(s.substring(0, at)), k -> new ArrayList<>()).add(s.substring(at + 1));
        }
        repoTags.forEach((repo, ts) -> {
            List<String> ds = repoDigests.remove(repo);
            for (String tag : ts) {
                if (!digests || ds == null || ds.isEmpty()) {
                    rows.add(row(img, repo, tag, "<none>", trunc, clock));
                } else {
                    for (String d : ds) rows.add(row(img, repo, tag, d, trunc, clock));
                }
            }
        });
        repoDigests.forEach((repo, ds) -> {
            if (digests) ds.forEach(d -> rows.add(row(img, repo, "<none>", d, trunc, clock)));
            else rows.add(row(img, repo, "<none>", "", trunc, clock));
        });
        return rows;
    }

    static Row row(Map<String, Object> img, String repo, String tag, String digest, boolean trunc, Clock clock) {
        Map<String, Object> f = new LinkedHashMap<>();
        String id = Json.str(img, "Id");
        f.put("ID", trunc ? Names.truncateId(id) : id);
        f.put("Repository", repo);
        f.put("Tag", tag);
        f.put("Digest", digest);
        long created = Json.num(img, "Created");
        f.put("CreatedSince", created == 0 ? "" : GoTime.ago(created, clock));
        f.put("CreatedAt", GoTime.unixString(created, clock));
        long size = Json.num(img, "Size");
        f.put("Size", Units.humanSize(size, 3));
        // docker's deprecated VirtualSize: the same size, one more digit
        f.put("VirtualSize", Units.humanSize(size));
        long containers = Json.num(img, "Containers");
        f.put("Containers", containers < 0 ? "N/A" : Long.toString(containers));
        long shared = Json.num(img, "SharedSize");
        f.put("SharedSize", shared < 0 ? "N/A" : Units.humanSize(shared));
        f.put("UniqueSize", shared < 0 ? "N/A" : Units.humanSize(size - shared));
        return new Row("imageContext", f);
    }
}
