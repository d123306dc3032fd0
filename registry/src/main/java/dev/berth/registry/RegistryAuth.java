package dev.berth.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.util.Base64;

/**
 * Credentials for one call, as the docker CLI sends them in {@code X-Registry-Auth}. Held in memory
 * for the call only; never written anywhere. {@link #toString()} hides the secrets.
 *
 * @param serverAddress the registry the CLI meant them for; informational
 * @param identityToken an OAuth2 refresh token (from a credential helper); traded at the realm
 * @param registryToken a bearer token used as is
 */
public record RegistryAuth(String username, String password, String serverAddress,
                           String identityToken, String registryToken) {
    private static final RegistryAuth ANONYMOUS = new RegistryAuth(null, null, null, null, null);
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .build();

    public RegistryAuth {
        username = blankToNull(username);
        password = blankToNull(password);
        serverAddress = blankToNull(serverAddress);
        identityToken = blankToNull(identityToken);
        registryToken = blankToNull(registryToken);
    }

    public static RegistryAuth anonymous() {
        return ANONYMOUS;
    }

    public static RegistryAuth basic(String username, String password) {
        return new RegistryAuth(username, password, null, null, null);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Wire(String username, String password, String serveraddress, String identitytoken,
                String registrytoken, String auth, String email) {}

    /**
     * Decodes {@code X-Registry-Auth}: base64url JSON (padded or not; the CLI has sent both over the
     * years, and some clients send standard base64). Missing, empty or {@code {}} is anonymous.
     */
    public static RegistryAuth fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return ANONYMOUS;
        }
        byte[] json;
        try {
            String h = header.trim().replace('+', '-').replace('/', '_');
            int pad = h.indexOf('=');
            json = Base64.getUrlDecoder().decode(pad < 0 ? h : h.substring(0, pad));
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid X-Registry-Auth header: not base64url");
        }
        if (json.length == 0) {
            return ANONYMOUS;
        }
        try {
            Wire w = MAPPER.readValue(json, Wire.class);
            if (w == null) {
                return ANONYMOUS;
            }
            String user = w.username();
            String pass = w.password();
            // Legacy "auth": base64("user:password"), as in config.json.
            if (user == null && w.auth() != null && !w.auth().isBlank()) {
                String decoded = new String(Base64.getDecoder().decode(w.auth().trim()),
                        java.nio.charset.StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    user = decoded.substring(0, colon);
                    pass = decoded.substring(colon + 1);
                }
            }
            return new RegistryAuth(user, pass, w.serveraddress(), w.identitytoken(), w.registrytoken());
        } catch (IOException | IllegalArgumentException e) {
            throw EngineException.invalid("invalid X-Registry-Auth header: " + e.getMessage());
        }
    }

    public boolean isAnonymous() {
        return username == null && identityToken == null && registryToken == null;
    }

    boolean hasPassword() {
        return username != null && password != null;
    }

    /** Who these credentials are, for keying cached tokens; never contains a secret. */
    String principal() {
        if (registryToken != null) {
            return "token:" + Integer.toHexString(registryToken.hashCode());
        }
        if (identityToken != null) {
            return "identity:" + Integer.toHexString(identityToken.hashCode());
        }
        return username == null ? "" : "user:" + username + ":" + Integer.toHexString(String.valueOf(password).hashCode());
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @Override
    public String toString() {
        return "RegistryAuth[username=" + username + ", serverAddress=" + serverAddress
                + (password != null ? ", password=***" : "")
                + (identityToken != null ? ", identityToken=***" : "")
                + (registryToken != null ? ", registryToken=***" : "") + "]";
    }
}
