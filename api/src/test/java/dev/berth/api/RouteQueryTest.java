package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.backend.NetworkBackend;
import dev.berth.api.backend.VolumeBackend;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every route's query parameters and filter keys against the spec (names in
 * {@code spec/query-parameters.txt} and {@code spec/filters.txt}), and what the dispatcher does with
 * those Berth does not honour.
 */
class RouteQueryTest extends ServerFixture {

    private List<Route> routes() {
        return ApiServer.routes(containers, images, system, NetworkBackend.NONE, VolumeBackend.NONE);
    }

    @Test
    void everyRoute_givesEverySpecParameterAStatus() throws IOException {
        Map<String, Set<String>> spec = specLines("/spec/query-parameters.txt");
        List<String> problems = new ArrayList<>();
        for (Route r : routes()) {
            String key = r.method() + " " + r.specPath();
            Set<String> params = spec.get(key);
            if (r.specPath().startsWith("/berth/")) {
                // Berth's own routes are not Docker's: none may take a parameter the table does not list
                if (!r.query().listed().isEmpty() || r.query().moot()) {
                    problems.add(key + ": Berth's own route takes parameters " + r.query().listed());
                }
            } else if (params == null) {
                problems.add(key + ": not in the spec");
            } else if (!r.query().moot() && !params.equals(r.query().listed())) {
                problems.add(key + ": spec " + params + ", route " + r.query().listed());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void extensions_areNotSpecParameters() throws IOException {
        Map<String, Set<String>> spec = specLines("/spec/query-parameters.txt");
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> extensions = new HashMap<>();
        for (Route r : routes()) {
            String key = r.method() + " " + r.specPath();
            for (String e : r.query().extensions()) {
                if (spec.getOrDefault(key, Set.of()).contains(e)) {
                    problems.add(key + ": " + e + " is in the spec, not an extension");
                }
            }
            if (!r.query().extensions().isEmpty()) {
                extensions.put(key, r.query().extensions());
            }
        }
        assertThat(problems).isEmpty();
        // details: dockerd reads it (the docker CLI's logs --details) though the spec does not list it
        assertThat(extensions).isEqualTo(Map.of("GET /events", Set.of("after"),
                "GET /containers/json", Set.of("at"), "GET /containers/{id}/json", Set.of("at"),
                "GET /images/{name}/json", Set.of("at"), "GET /networks/{id}", Set.of("at"),
                "GET /volumes/{name}", Set.of("at"), "GET /containers/{id}/logs", Set.of("details")));
    }

    @Test
    void everyFilteringRoute_givesEverySpecKeyAStatus() throws IOException {
        Map<String, Set<String>> spec = specLines("/spec/filters.txt");
        List<String> problems = new ArrayList<>();
        int filtering = 0;
        for (Route r : routes()) {
            if (!r.query().honoured().contains("filters")) {
                continue;
            }
            filtering++;
            String key = r.method() + " " + r.specPath();
            Set<String> keys = spec.getOrDefault(key, Set.of());
            Set<String> declared = new LinkedHashSet<>(r.query().filters());
            declared.addAll(r.query().unsupportedFilters());
            for (String k : keys) {
                if (!declared.contains(k)) {
                    problems.add(key + ": filter " + k + " has no status");
                }
            }
            for (String k : declared) {
                boolean negated = k.equals("label!") && keys.contains("label") && key.endsWith("/prune");
                // the CLI's system prune sends its label filters to every prune, build cache included
                boolean buildLabels = key.equals("POST /build/prune") && (k.equals("label") || k.equals("label!"));
                if (!keys.contains(k) && !negated && !buildLabels) {
                    problems.add(key + ": filter " + k + " is not in the spec");
                }
            }
        }
        assertThat(filtering).isEqualTo(11);
        assertThat(problems).isEmpty();
    }

    @Test
    void specPath_namesPathParametersAsTheSpecDoes() {
        assertThat(Route.of(HttpMethod.GET, ContainerRoutes.ID + "/json", ex -> { })
                .specPath()).isEqualTo("/containers/{id}/json");
    }

    @Test
    void removeLink_isRefusedByName_notTakenForRemovingTheContainer() throws Exception {
        HttpResponse<String> r = delete("/containers/web?link=1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(message(r)).isEqualTo("query parameter \"link\" is not supported by Berth yet");
        assertThat(containers.lastRemoveVolumes).isNull();
        assertThat(delete("/containers/web?link=0&force=1").statusCode()).isEqualTo(204);
    }

    /** rm -v: no container has volumes yet, so removing them is honoured by doing nothing more. */
    @Test
    void removeVolumes_isAccepted() throws Exception {
        assertThat(delete("/containers/web?v=1").statusCode()).isEqualTo(204);
        assertThat(containers.lastRemoveVolumes).isTrue();
    }

    @Test
    void detachKeys_areRefused_emptyIsDefault() throws Exception {
        assertThat(message(post("/containers/web/start?detachKeys=ctrl-x", null)))
                .isEqualTo("query parameter \"detachKeys\" is not supported by Berth yet");
        assertThat(post("/containers/web/start?detachKeys=", null).statusCode()).isEqualTo(204);
    }

    @Test
    void imageListManifests_isAskedOfTheBackend() throws Exception {
        assertThat(get("/v1.50/images/json?manifests=1").statusCode()).isEqualTo(200);
        assertThat(images.listedManifests).isTrue();
        assertThat(get("/v1.50/images/json?manifests=0").statusCode()).isEqualTo(200);
        assertThat(images.listedManifests).isFalse();
        assertThat(get("/v1.50/images/" + FakeImages.NAME + "/json?platform=%7B%22os%22%3A%22linux%22%7D").statusCode())
                .isEqualTo(200);
        assertThat(images.requiredPlatform).isEqualTo(FakeImages.NAME + " {\"os\":\"linux\"}");
        HttpResponse<String> inspect = get("/v1.50/images/" + FakeImages.NAME + "/json?manifests=1");
        assertThat(inspect.statusCode()).isEqualTo(200);
        assertThat(inspect.body()).contains("\"Manifests\":[]");
        assertThat(get("/v1.50/images/" + FakeImages.NAME + "/json").body()).doesNotContain("Manifests");
        HttpResponse<String> both = get("/v1.50/images/" + FakeImages.NAME
                + "/json?manifests=1&platform=%7B%22os%22%3A%22linux%22%7D");
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(message(both)).isEqualTo("conflicting options: manifests and platform options cannot both be set");
        HttpResponse<String> twice = get("/v1.50/images/get?names=" + FakeImages.NAME
                + "&platform=%7B%22os%22%3A%22linux%22%7D&platform=%7B%22os%22%3A%22linux%22%7D");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(message(twice)).isEqualTo("multiple platform parameters not supported");
    }

    @Test
    void filters_unknownKeyIsInvalid_everyListedKeyReachesTheBackend() throws Exception {
        HttpResponse<String> unknown = get("/containers/json?all=1&filters=" + filters("{\"bogus\":{\"x\":true}}"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(message(unknown)).isEqualTo("invalid filter 'bogus'");
        assertThat(containers.lastFilters).isNull();
        HttpResponse<String> network = get("/containers/json?filters=" + filters("{\"network\":{\"mynet\":true}}"));
        assertThat(network.statusCode()).isEqualTo(200);
        assertThat(containers.lastFilters.get("network")).containsExactly("mynet");
    }

    @Test
    void prune_takesUntilAndNegatedLabels_butNotListFilters() throws Exception {
        HttpResponse<String> r = post("/containers/prune?filters="
                + filters("{\"until\":{\"24h\":true},\"label!\":{\"keep\":true}}"), null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(containers.lastPruneFilters.get("until")).containsExactly("24h");
        assertThat(containers.lastPruneFilters.get("label!")).containsExactly("keep");
        assertThat(message(post("/containers/prune?filters=" + filters("{\"status\":[\"exited\"]}"), null)))
                .isEqualTo("invalid filter 'status'");
    }

    @Test
    void systemDf_type_answersOnlyThatSection() throws Exception {
        JsonNode all = Json.MAPPER.readTree(get("/system/df").body());
        assertThat(all.path("Images")).hasSize(1);
        assertThat(all.path("Containers")).hasSize(1);
        JsonNode images = Json.MAPPER.readTree(get("/system/df?type=image").body());
        assertThat(images.path("Images")).hasSize(1);
        assertThat(images.path("LayersSize").asLong()).isEqualTo(1234);
        assertThat(images.path("Containers")).isEmpty();
        assertThat(message(get("/system/df?type=layers"))).isEqualTo("unknown object type: layers");
    }

    @Test
    void events_acceptEverySpecKey() throws Exception {
        assertThat(get("/events?until=1&filters=" + filters("{\"network\":{\"n\":true},\"volume\":{\"v\":true}}"))
                .statusCode()).isEqualTo(200);
        assertThat(message(get("/events?until=1&filters=" + filters("{\"bogus\":{\"x\":true}}"))))
                .isEqualTo("invalid filter 'bogus'");
    }

    private static String filters(String json) {
        return URLEncoder.encode(json, StandardCharsets.UTF_8);
    }

    private static String message(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body()).path("message").asText();
    }

    /** "METHOD /path name name …" per line → "METHOD /path" → names. */
    private static Map<String, Set<String>> specLines(String resource) throws IOException {
        Map<String, Set<String>> out = new HashMap<>();
        for (String line : FieldTableChecks.resourceLines(resource)) {
            String[] parts = line.split(" ");
            out.put(parts[0] + " " + parts[1], new LinkedHashSet<>(List.of(parts).subList(2, parts.length)));
        }
        return out;
    }
}
