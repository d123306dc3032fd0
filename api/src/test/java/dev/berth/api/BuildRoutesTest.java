package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.backend.BuildPruneSpace;
import dev.berth.api.backend.BuildRequest;
import dev.berth.api.backend.BuildResources;
import java.io.IOException;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** POST /build's query: what the classic builder does not do is refused by name before the body is read. */
class BuildRoutesTest extends ServerFixture {

    private static Query query(String text) {
        java.util.Map<String, java.util.List<String>> params = new java.util.LinkedHashMap<>();
        for (String kv : text.split("&")) {
            params.computeIfAbsent(kv.substring(0, kv.indexOf('=')), k -> new java.util.ArrayList<>())
                    .add(kv.substring(kv.indexOf('=') + 1));
        }
        return new Query(params);
    }

    private static String message(HttpResponse<String> r) throws IOException {
        return Json.MAPPER.readTree(r.body()).path("message").asText();
    }

    @Test
    void build_unsupportedParameters_refusedByName_squashAsDockerdWithoutExperimental() throws Exception {
        assertThat(message(post("/build?remote=https://example.com/ctx.tar", null)))
                .isEqualTo("query parameter \"remote\" is not supported by Berth yet");
        HttpResponse<String> squash = post("/build?squash=1", null);
        assertThat(squash.statusCode()).isEqualTo(400);
        assertThat(message(squash)).isEqualTo("squash is only supported with experimental mode");
    }

    @Test
    void build_pullCacheFromAndLimits_reachTheBackend() throws Exception {
        post("/build?pull=1&cachefrom=%5B%22app%3A1%22%2C%22app%3Acache%22%5D&memory=67108864&memswap=-1"
                + "&cpushares=512&cpusetcpus=0&cpuperiod=100000&cpuquota=50000&cgroupparent=builds", null);
        BuildRequest r = images.lastBuild;
        assertThat(r.pull()).isTrue();
        assertThat(r.cacheFrom()).containsExactly("app:1", "app:cache");
        assertThat(r.resources()).isEqualTo(new BuildResources(67108864, -1, 512, "0", 100000, 50000, "builds"));
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
    void buildPrune_limitsReadAsBytes_aBadOneRefusedByName_unimplementedFiltersRefused() throws Exception {
        assertThat(BuildRoutes.pruneSpace(query("keep-storage=1000&max-used-space=5000&min-free-space=7")))
                .isEqualTo(new BuildPruneSpace(1000, 5000, 7));
        assertThat(BuildRoutes.pruneSpace(query("keep-storage=1000&reserved-space=2000")).reserved())
                .as("reserved-space is keep-storage's newer name, and wins").isEqualTo(2000);
        assertThat(BuildRoutes.pruneSpace(query("all=1"))).isEqualTo(BuildPruneSpace.NONE);
        assertThat(post("/build/prune?keep-storage=1000000", null).statusCode()).isEqualTo(200);
        assertThat(message(post("/build/prune?max-used-space=-1", null)))
                .isEqualTo("invalid value for max-used-space: \"-1\" is not a number of bytes");
        assertThat(message(post("/build/prune?keep-storage=1g", null)))
                .isEqualTo("invalid value for keep-storage: \"1g\" is not a number of bytes");
        HttpResponse<String> id = post("/build/prune?filters=%7B%22id%22%3A%5B%22x%22%5D%7D", null);
        assertThat(id.statusCode()).isEqualTo(400);
        assertThat(message(id)).contains("id");
    }

    @Test
    void build_defaultsTheCliSends_reachTheBackend() throws Exception {
        HttpResponse<String> r = post("/build?t=x&rm=1&pull=0&cachefrom=null&ulimits=null&version=1&networkmode=default"
                + "&buildargs=%7B%7D&labels=%7B%7D&memory=0&platform=linux/amd64", null);
        // The fake image backend has no builder: reaching it proves nothing above refused the defaults.
        assertThat(message(r)).isEqualTo("building images is not supported by Berth yet");
    }

    @Test
    void build_isolationCpusetMemsSecurityOpt_refusedNotIgnored() throws Exception {
        // not spec parameters, but the docker CLI sends them; dockerd on Linux takes only the default isolation
        HttpResponse<String> hyperv = post("/build?isolation=hyperv", null);
        assertThat(hyperv.statusCode()).isEqualTo(400);
        assertThat(message(hyperv)).isEqualTo("Unsupported isolation: \"hyperv\"");
        assertThat(message(post("/build?cpusetmems=0", null)))
                .isEqualTo("query parameter \"cpusetmems\" is not supported by Berth yet");
        assertThat(message(post("/build?securityopt=seccomp%3Dunconfined", null)))
                .isEqualTo("query parameter \"securityopt\" is not supported by Berth yet");
        // their defaults reach the builder
        assertThat(message(post("/build?isolation=default&cpusetmems=&securityopt=", null)))
                .isEqualTo("building images is not supported by Berth yet");
    }
}
