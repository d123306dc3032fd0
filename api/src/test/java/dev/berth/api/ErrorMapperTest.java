package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorMapperTest extends ServerFixture {
    private static final Map<ErrorKind, Integer> EXPECTED = Map.of(
            ErrorKind.NOT_FOUND, 404, ErrorKind.CONFLICT, 409, ErrorKind.INVALID_ARGUMENT, 400,
            ErrorKind.UNAUTHORIZED, 401, ErrorKind.FORBIDDEN, 403, ErrorKind.NOT_MODIFIED, 304,
            ErrorKind.UNAVAILABLE, 503, ErrorKind.NOT_IMPLEMENTED, 501, ErrorKind.INTERNAL, 500);

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void engineException_kind_mapsToItsStatusAndMessage(ErrorKind kind) throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/" + kind.name() + "/start", null);
        assertThat(r.statusCode()).isEqualTo(EXPECTED.get(kind));
        if (kind == ErrorKind.NOT_MODIFIED) {
            assertThat(r.body()).isEmpty();
        } else {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).isEqualTo("failure of kind " + kind);
        }
    }

    @Test
    void malformedJson_is400WithGoLikeMessage() throws Exception {
        HttpResponse<String> r = post("/containers/create", "xyz");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText())
                .isEqualTo("invalid character 'x' looking for beginning of value");
    }

    @Test
    void truncatedJson_is400() throws Exception {
        HttpResponse<String> r = post("/containers/create", "{\"Image\":");
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void invalidFilters_is400() throws Exception {
        HttpResponse<String> r = get("/containers/json?filters=" + URLEncoder.encode("{bad", StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid filter");
    }

    @Test
    void unexpectedException_is500AndServerKeepsServing() throws Exception {
        containers.waitResult = null; // await() then returns null: a backend bug
        HttpResponse<String> r = post("/containers/web/wait", null);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(get("/_ping").statusCode()).isEqualTo(200);
    }

    @Test
    void diskFull_readsAsDockerdWordsIt() {
        assertThat(ErrorMapper.goErrno("cannot write blob: No space left on device"))
                .isEqualTo("cannot write blob: no space left on device");
        assertThat(ErrorMapper.map(new UncheckedIOException(new IOException("No space left on device")))
                .message()).isEqualTo("java.io.IOException: no space left on device");
    }
}
