package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiVersionTest extends ServerFixture {

    @ParameterizedTest
    @ValueSource(strings = {"/version", "/v1.24/version", "/v1.50/version", "/v1.41/version"})
    void prefix_withinRange_isServed(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Api-Version")).hasValue("1.50");
    }

    @Test
    void pathWithoutPrefix_startingWithV_isRoutedAsIs() throws Exception {
        // "/version" starts like a prefix but is none; "/_ping" does not start like one
        assertThat(get("/version").statusCode()).isEqualTo(200);
        assertThat(get("/_ping").headers().firstValue("Api-Version")).hasValue("1.50");
        assertThat(get("/vnope/version").statusCode()).isEqualTo(404);
    }

    @Test
    void prefix_tooOld_is400WithDockerWording() throws Exception {
        HttpResponse<String> r = get("/v1.12/version");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).isEqualTo(
                "client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version");
    }

    @Test
    void prefix_tooNew_is400WithDockerWording() throws Exception {
        HttpResponse<String> r = get("/v9.99/_ping");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText())
                .isEqualTo("client version 9.99 is too new. Maximum supported API version is 1.50");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.", ".", "1..", ".5"})
    void prefix_digitsAndDots_isAVersion_tooOld(String version) throws Exception {
        // dockerd's router matches /v[0-9.]+ and compares part by part, an empty part being 0
        HttpResponse<String> r = get("/v" + version + "/version");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("client version " + version + " is too old. Minimum supported API version is 1.24");
    }

    @Test
    void prefix_partBeyondCurrentMinor_isTooNew() throws Exception {
        assertThat(get("/v1.50.1/version").body()).contains("client version 1.50.1 is too new");
        assertThat(get("/v1.50.0/version").statusCode()).isEqualTo(200);
        assertThat(get("/v1.24.0.0/version").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/vabc/version", "/v-1.40/version", "/v1.47-rc/version", "/V1.47/version", "/v/version"})
    void prefix_notDigitsAndDots_isNoRoute(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("page not found");
    }

    @Test
    void routeMinimum_olderClient_isRejected() throws Exception {
        HttpResponse<String> r = post("/v1.24/containers/prune", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(post("/v1.25/containers/prune", null).statusCode()).isEqualTo(200);
    }

    @Test
    void streamContentType_dependsOnVersionAndTty() {
        assertThat(new ApiVersion(1, 41).streamContentType(false)).isEqualTo(ApiVersion.RAW_STREAM);
        assertThat(new ApiVersion(1, 42).streamContentType(false)).isEqualTo(ApiVersion.MULTIPLEXED_STREAM);
        assertThat(ApiVersion.CURRENT.streamContentType(true)).isEqualTo(ApiVersion.RAW_STREAM);
    }
}
