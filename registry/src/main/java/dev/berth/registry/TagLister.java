package dev.berth.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** GET {@code /v2/<name>/tags/list}, following {@code Link: <…>; rel="next"} pages. */
public final class TagLister {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    private static final int MAX_PAGES = 100;

    private final RegistryClient client;

    public TagLister(RegistryClient client) {
        this.client = client;
    }

    public List<String> list(Reference repo, RegistryAuth auth) {
        List<String> tags = new ArrayList<>();
        String sub = "/tags/list";
        for (int page = 0; page < MAX_PAGES && sub != null; page++) {
            RegistryRequest req = RegistryRequest.read("GET", repo, sub, auth, repo.name(), Map.of());
            HttpResponse<InputStream> r = client.send(req, s -> s == 200);
            try (InputStream in = r.body()) {
                JsonNode n = MAPPER.readTree(in.readNBytes(ManifestPuller.MAX_MANIFEST_BYTES));
                n.path("tags").forEach(t -> tags.add(t.asText()));
            } catch (IOException e) {
                throw RegistryErrors.unreachable("cannot read tags of " + repo.name(), e);
            }
            sub = null;
            String link = r.headers().firstValue("Link").orElse(null);
            if (link != null) {
                Matcher m = NEXT.matcher(link);
                if (m.find()) {
                    String next = m.group(1);
                    String prefix = "/v2/" + repo.path();
                    int at = next.indexOf(prefix);
                    sub = at < 0 ? null : next.substring(at + prefix.length());
                }
            }
        }
        return List.copyOf(tags);
    }
}
