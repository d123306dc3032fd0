package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationPlugin.Decision;
import dev.berth.spi.authz.AuthorizationRequest;
import dev.berth.spi.authz.AuthorizationResponse;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizationTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();

    private static HttpRequest create(String contentType) {
        HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1.50/containers/create?name=x");
        r.headers().set("Content-Type", contentType).set("X-Registry-Auth", "secret").set("Authorization", "Bearer t")
                .add("X-Many", "a").add("X-Many", "b");
        return r;
    }

    @Test
    void check_pluginsAskedInOrder_seeRequestWithoutCredentials_jsonBodyOnly() {
        List<AuthorizationRequest> seen = new ArrayList<>();
        var authz = new Authorization(List.of(new Authorization.Named("first", r -> {
            seen.add(r);
            return Decision.allowed();
        }), new Authorization.Named("second", r -> {
            seen.add(r);
            return Decision.allowed();
        })));
        byte[] body = "{\"Image\":\"busybox\"}".getBytes(StandardCharsets.UTF_8);
        authz.check(channel, create("application/json"), body);
        authz.check(channel, create("application/x-tar"), body);
        assertThat(seen).hasSize(4);
        AuthorizationRequest r = seen.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.uri()).isEqualTo("/v1.50/containers/create?name=x");
        assertThat(r.user()).isNull();
        assertThat(r.userAuthnMethod()).isNull();
        assertThat(r.headers()).containsEntry("X-Many", "a,b").doesNotContainKeys("X-Registry-Auth", "Authorization");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"Image\":\"busybox\"}");
        assertThat(seen.get(2).body()).as("not JSON: not shown").isNull();
    }

    @Test
    void check_firstDenialAnswers403InDockerdsWords_laterPluginsNotAsked() {
        List<String> asked = new ArrayList<>();
        var authz = new Authorization(List.of(new Authorization.Named("strict", r -> {
            asked.add("strict");
            return Decision.denied("no way");
        }), new Authorization.Named("later", r -> {
            asked.add("later");
            return Decision.allowed();
        })));
        assertThatThrownBy(() -> authz.check(channel, create("application/json"), null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN))
                .hasMessage("authorization denied by plugin strict: no way");
        assertThat(asked).containsExactly("strict");
    }

    @Test
    void check_aPluginThatThrows_is500NamingIt() {
        var authz = new Authorization(List.of(new Authorization.Named("buggy", r -> {
            throw new IllegalStateException("database down");
        })));
        assertThatThrownBy(() -> authz.check(channel, create("application/json"), null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessage("plugin buggy failed with error: database down");
    }

    @Test
    void check_bodyOverTheBound_isNotShown() {
        List<AuthorizationRequest> seen = new ArrayList<>();
        var authz = new Authorization(List.of(new Authorization.Named("p", r -> {
            seen.add(r);
            return Decision.allowed();
        })));
        authz.check(channel, create("application/json"), new byte[AuthorizationRequest.MAX_BODY + 1]);
        assertThat(seen.get(0).body()).isNull();
    }

    @Test
    void checkResponse_showsStatusHeadersAndJsonBody_aDenialIs403() {
        List<AuthorizationResponse> seen = new ArrayList<>();
        var authz = new Authorization(List.of(new Authorization.Named("resp", new AuthorizationPlugin() {
            @Override
            public Decision authorizeRequest(AuthorizationRequest request) {
                return Decision.allowed();
            }

            @Override
            public Decision authorizeResponse(AuthorizationRequest request, AuthorizationResponse response) {
                seen.add(response);
                String body = response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
                return body.contains("secret") ? Decision.denied("not for your eyes") : Decision.allowed();
            }
        })));
        AuthorizationRequest asked = authz.check(channel, create("application/json"), null);
        var responses = new Responses("28.2");
        authz.checkResponse(asked, responses.full(HttpResponseStatus.OK, Responses.JSON,
                "{\"Id\":\"x\"}".getBytes(StandardCharsets.UTF_8)));
        authz.checkResponse(asked, responses.full(HttpResponseStatus.OK, "application/x-tar", new byte[] {1, 2}));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0).statusCode()).isEqualTo(200);
        assertThat(seen.get(0).headers()).containsKey("Content-Type");
        assertThat(new String(seen.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"Id\":\"x\"}");
        assertThat(seen.get(1).body()).as("not JSON: not shown").isNull();
        assertThatThrownBy(() -> authz.checkResponse(asked, responses.full(HttpResponseStatus.CREATED, Responses.JSON,
                "{\"Id\":\"secret\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN))
                .hasMessage("authorization denied by plugin resp: not for your eyes");
    }
}
