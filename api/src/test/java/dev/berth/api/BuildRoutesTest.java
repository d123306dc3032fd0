package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** POST /build's query: what the classic builder does not do is refused by name before the body is read. */
class BuildRoutesTest extends ServerFixture {

    private static String message(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body()).path("message").asText();
    }

    @Test
    void build_unsupportedParameters_refusedByName() throws Exception {
        assertThat(message(post("/build?pull=1", null)))
                .isEqualTo("query parameter \"pull\" is not supported by Berth yet");
        assertThat(message(post("/build?cachefrom=%5B%22x%22%5D", null)))
                .isEqualTo("query parameter \"cachefrom\" is not supported by Berth yet");
        assertThat(message(post("/build?memory=1000000", null)))
                .isEqualTo("query parameter \"memory\" is not supported by Berth yet");
    }

    @Test
    void build_buildKitAndOtherPlatforms_refused() throws Exception {
        HttpResponse<String> v2 = post("/build?version=2", null);
        assertThat(v2.statusCode()).isEqualTo(400);
        assertThat(message(v2)).contains("BuildKit (builder version 2) is not supported by Berth yet");
        assertThat(message(post("/build?platform=linux/arm64", null)))
                .contains("platform \"linux/arm64\" is not supported by Berth yet");
    }

    @Test
    void buildPrune_nothingToPrune_emptyReport() throws Exception {
        HttpResponse<String> r = post("/build/prune?all=1&keep-storage=0", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).path("SpaceReclaimed").asLong()).isZero();
        assertThat(Json.MAPPER.readTree(r.body()).path("CachesDeleted").isArray()).isTrue();
    }

    @Test
    void build_defaultsTheCliSends_reachTheBackend() throws Exception {
        HttpResponse<String> r = post("/build?t=x&rm=1&pull=0&cachefrom=null&ulimits=null&version=1&networkmode=default"
                + "&buildargs=%7B%7D&labels=%7B%7D&memory=0&platform=linux/amd64", null);
        // The fake image backend has no builder: reaching it proves nothing above refused the defaults.
        assertThat(message(r)).isEqualTo("building images is not supported by Berth yet");
    }
}
