package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationRequest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An authorization plugin that is a Docker plugin: {@code AuthZPlugin.AuthZReq} per request. The
 * response phase ({@code AuthZRes}) is not sent: the SPI has no response phase yet.
 */
final class RemoteAuthorization implements AuthorizationPlugin {
    private final DockerPlugins.Activated plugin;

    RemoteAuthorization(DockerPlugins.Activated plugin) {
        this.plugin = plugin;
    }

    @Override
    public Decision authorizeRequest(AuthorizationRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("User", request.user() == null ? "" : request.user());
        body.put("UserAuthNMethod", request.userAuthnMethod() == null ? "" : request.userAuthnMethod());
        body.put("RequestMethod", request.method());
        body.put("RequestURI", request.uri());
        byte[] raw = request.body();
        // Go encodes a []byte as base64: that is what plugins decode
        body.put("RequestBody", raw == null ? null : Base64.getEncoder().encodeToString(raw));
        body.put("RequestHeaders", request.headers());
        JsonNode answer;
        try {
            answer = plugin.client().call("AuthZPlugin.AuthZReq", body);
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
