package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The JSON shapes of GET /distribution/{name}/json and GET /images/search, as dockerd writes them. */
class DistributionRoutesTest extends ServerFixture {

    @Test
    void distributionInspect_ociDescriptorAndPlatforms_inGoFieldNames() throws Exception {
        HttpResponse<String> r = get("/v1.50/distribution/" + FakeImages.NAME + "/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"Descriptor\":{\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"digest\":\"sha256:" + "cd".repeat(32) + "\",\"size\":1609},\"Platforms\":["
                + "{\"architecture\":\"amd64\",\"os\":\"linux\"},"
                + "{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}]}");
    }

    @Test
    void distributionInspect_unknownTag_is404WithTheMessage() throws Exception {
        HttpResponse<String> r = get("/v1.50/distribution/localhost:5000/a/b:nope/json");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).endsWith("manifest unknown: manifest unknown");
    }

    @Test
    void search_resultsInSnakeCase_termAndLimitPassed() throws Exception {
        HttpResponse<String> r = get("/v1.50/images/search?term=busybox&limit=5");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode hit = Json.MAPPER.readTree(r.body()).get(0);
        assertThat(hit.path("name").asText()).isEqualTo("busybox");
        assertThat(hit.path("star_count").asInt()).isEqualTo(3037);
        assertThat(hit.path("is_official").asBoolean()).isTrue();
        assertThat(hit.has("is_automated")).isTrue();
        assertThat(hit.path("description").asText()).isEqualTo("Busybox base image.");
        assertThat(images.searchedTerm).isEqualTo("busybox");
        assertThat(images.searchedLimit).isEqualTo(5);
    }

    @Test
    void search_unknownFilter_isDockersInvalidFilter() throws Exception {
        HttpResponse<String> r = get("/v1.50/images/search?term=x&filters=%7B%22nope%22%3A%5B%22y%22%5D%7D");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid filter 'nope'");
    }
}
