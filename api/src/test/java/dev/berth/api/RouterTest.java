package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.backend.NetworkBackend;
import dev.berth.api.backend.VolumeBackend;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The segment index picks the same route (the first that matches, in declaration order) as a scan of all. */
class RouterTest {
    private final List<Route> routes = ApiServer.routes(new FakeContainers(), new FakeImages(), new FakeSystem(),
            NetworkBackend.NONE, VolumeBackend.NONE);
    private final Router router = new Router(routes);

    @Test
    void everyPath_matchesAsAFullScanWould() {
        List<String> paths = List.of("/_ping", "/version", "/info", "/events", "/containers/json", "/containers/create",
                "/containers/web/json", "/containers/json/json", "/containers/web", "/containers/web/logs",
                "/containers/web/archive", "/containers/web/exec", "/containers/prune", "/exec/abc/start",
                "/exec/abc/json", "/images/json", "/images/create", "/images/busybox:latest/json",
                "/images/registry:5000/a/b:c/json", "/images/a/b/push", "/images/busybox", "/images/search",
                "/build", "/build/prune", "/networks", "/networks/n1", "/volumes", "/volumes/v/x", "/swarm",
                "/services", "/nodes", "/plugins", "/plugins/p/json", "/auth", "/commit", "/system/df",
                "/distribution/busybox/json", "/session", "/", "", "//containers/json", "/nosuch", "/berth/plugins",
                "/containers/", "/containers", "/_ping/x");
        List<HttpMethod> methods = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
                HttpMethod.DELETE, HttpMethod.OPTIONS);
        int matched = 0;
        for (HttpMethod method : methods) {
            for (String path : paths) {
                Route expected = scan(method, path);
                Router.Match got = router.match(method, path);
                assertThat(got == null ? null : got.route()).as(method + " " + path).isSameAs(expected);
                matched += expected == null ? 0 : 1;
            }
        }
        assertThat(matched).as("paths that some route answers").isGreaterThan(40);
    }

    @Test
    void literalSegment_onlyForPlainText() {
        assertThat(Router.literalSegment("/containers/(?<id>[^/]+)/json")).isEqualTo("containers");
        assertThat(Router.literalSegment("/_ping")).isEqualTo("_ping");
        assertThat(Router.literalSegment("/(?<any>.*)")).isNull();
        assertThat(Router.literalSegment("/images(?:/json)?")).isNull();
        assertThat(Router.literalSegment("/sys.em/df")).isNull();
    }

    private Route scan(HttpMethod method, String path) {
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (r.method().equals(method) && m.matches()) {
                return r;
            }
        }
        return null;
    }
}
