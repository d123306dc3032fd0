package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationRequest;
import dev.berth.spi.authz.AuthorizationResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An authorization plugin that is a Docker plugin: {@code AuthZPlugin.AuthZReq} per request and
 * {@code AuthZPlugin.AuthZRes} per complete response (the request's fields again, plus
 * ResponseStatusCode, ResponseHeaders and ResponseBody, base64 as Go encodes a {@code []byte}).
 */
final class RemoteAuthorization implements AuthorizationPlugin {
    private final DockerPlugins.Activated plugin;

    RemoteAuthorization(DockerPlugins.Activated plugin) {
        this.plugin = plugin;
    }

    @Override
    public Decision authorizeRequest(AuthorizationRequest request) {
        return ask("AuthZPlugin.AuthZReq", fields(request));
    }

    @Override
    public Decision authorizeResponse(AuthorizationRequest request, AuthorizationResponse response) {
        Map<String, Object> body = fields(request);
        body.put("ResponseStatusCode", response.statusCode());
        body.put("ResponseHeaders", response.headers());
        byte[] raw = response.body();
        body.put("ResponseBody", raw == null ? null : Base64.getEncoder().encodeToString(raw));
        return ask("AuthZPlugin.AuthZRes", body);
    }

    private static Map<String, Object> fields(AuthorizationRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("User", request.user() == null ? "" : request.user());
        body.put("UserAuthNMethod", request.userAuthnMethod() == null ? "" : request.userAuthnMethod());
        body.put("RequestMethod", request.method());
        body.put("RequestURI", request.uri());
        byte[] raw = request.body();
        // Go encodes a []byte as base64: that is what plugins decode
        body.put("RequestBody", raw == null ? null : Base64.getEncoder().encodeToString(raw));
        body.put("RequestHeaders", request.headers());
        return body;
    }

    private Decision ask(String method, Map<String, Object> body) {
        JsonNode answer;
        try {
            answer = plugin.client().call(method, body);
        } catch (PluginClient.CallFailed e) {
            throw EngineException.internal(e.getMessage(), e);
        }
        String err = answer.path("Err").asText("");
        if (!err.isEmpty()) {
            throw EngineException.internal(err, null);
        }
        return answer.path("Allow").asBoolean(false) ? Decision.allowed()
                : Decision.denied(answer.path("Msg").asText(""));
    }
}
