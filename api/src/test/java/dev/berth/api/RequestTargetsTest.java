package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A broken percent-escape in a request target is a 400 naming it (issue #12: the fuzz saw 500s); a
 * target that is not a path, or holds a control character, is a 400 as from dockerd, not a 404.
 */
class RequestTargetsTest extends ServerFixture {

    @ParameterizedTest
    @CsvSource({
        "/containers/json?limit=%zz, %zz",
        "/containers/json?filters=%7B%22a%zz, %zz",
        "/containers/json?all=1&limit=%2, %2",
        "/containers/json?limit=%, %",
        "/images/json?filters=%g1, %g1",
        "/networks?filters=%1x, %1x",
        "/volumes?filters=%zz, %zz",
        "/containers/prune?filters=%zz, %zz",
    })
    void brokenEscapeInTheQuery_is400NamingIt(String target, String escape) throws Exception {
        String method = target.contains("prune") ? "POST" : "GET";
        JsonNode answer = answer(method, "/v1.50" + target, 400);
        assertThat(answer.path("message").asText()).isEqualTo("invalid URL escape \"" + escape + "\"");
    }

    @Test
    void brokenEscapeInThePath_is400() throws Exception {
        JsonNode answer = answer("GET", "/v1.50/containers/a%zzb/json", 400);
        assertThat(answer.path("message").asText()).isEqualTo("invalid URL escape \"%zz\"");
    }

    @Test
    void unknownRouteWithABrokenQuery_isStill404() throws Exception {
        // as dockerd: the router answers before the handler parses the form
        JsonNode answer = answer("GET", "/v1.50/nothing/here?x=%zz", 404);
        assertThat(answer.path("message").asText()).isEqualTo("page not found");
    }

    @Test
    void wellFormedEscapes_decode() throws Exception {
        // %7B%7D is {}: an empty filter set, answered as usual
        answer("GET", "/v1.50/containers/json?filters=%7B%7D&limit=%31", 200);
    }

    @Test
    void targetThatIsNotAPath_is400() throws Exception {
        JsonNode answer = answer("GET", "_ping", 400);
        assertThat(answer.path("message").asText()).isEqualTo("malformed HTTP request: invalid URI for request");
    }

    @Test
    void controlCharacterInTheTarget_is400() throws Exception {
        JsonNode answer = answer("GET", "/_ping\u0000", 400);
        assertThat(answer.path("message").asText()).isEqualTo("malformed HTTP request: invalid control character in URL");
        answer("GET", "/v1.50/containers/json?filters=%7B%7D\u007f", 400);
    }

    @Test
    void unknownMethod_isStill404() throws Exception {
        // dockerd's router answers a method no route has with its not-found handler
        JsonNode answer = answer("BREW", "/_ping", 404);
        assertThat(answer.path("message").asText()).isEqualTo("page not found");
    }

    @Test
    void firstBadEscape_findsTheFirstOnly() {
        assertThat(RequestTargets.firstBadEscape("/a?b=%41%4g%zz")).isEqualTo("%4g");
        assertThat(RequestTargets.firstBadEscape("/a?b=%41%42")).isNull();
        assertThat(RequestTargets.firstBadEscape("/a?b=%4")).isEqualTo("%4");
        assertThat(RequestTargets.firstBadEscape("/a?b=%%41")).isEqualTo("%%4");
    }

    private JsonNode answer(String method, String target, int status) throws Exception {
        try (RawHttp c = RawHttp.tcp(port)) {
            RawHttp.Head head = c.send(method, target, "Connection: close\r\n", null).readHead();
            String body = new String(c.readBody(head), StandardCharsets.UTF_8);
            assertThat(head.status()).as(method + " " + target + " → " + body).isEqualTo(status);
            return Json.MAPPER.readTree(body);
        }
    }
}
