package dev.berth.registry;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code docker login}: GET {@code /v2/} with the credentials. The client's auth loop does the
 * work (a Basic challenge is answered with them; a Bearer one trades them at the realm); a 401
 * that survives is wrong credentials.
 */
public final class AuthChecker {
    private final RegistryClient client;

    public AuthChecker(RegistryClient client) {
        this.client = client;
    }

    /**
     * @param serverAddress as the CLI sends it ({@code https://index.docker.io/v1/},
     *     {@code localhost:5000}); blank for Docker Hub
     * @return Docker's status line, {@code Login Succeeded}
     * @throws EngineException UNAUTHORIZED {@code unauthorized: incorrect username or password}
     */
    public String check(String serverAddress, RegistryAuth auth) {
        String domain = normalizeServer(serverAddress);
        RegistryRequest req = new RegistryRequest("GET", domain, "/v2/", null, Map.of(), null, List.of(), auth,
                false, domain);
        try {
            HttpResponse<InputStream> r = client.send(req, s -> s == 200);
            RegistryClient.close(r);
            return "Login Succeeded";
        } catch (RegistryException e) {
            if (e.kind() == ErrorKind.UNAUTHORIZED) {
                String msg = e.getMessage().startsWith("unauthorized: incorrect") || e.getMessage().contains("no basic")
                        ? e.getMessage() : "unauthorized: incorrect username or password";
                throw new EngineException(ErrorKind.UNAUTHORIZED, msg);
            }
            throw e;
        }
    }

    /** {@code https://index.docker.io/v1/} → {@code docker.io}; {@code http://h:5000/} → {@code h:5000}. */
    public static String normalizeServer(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) {
            return RegistryClient.DOCKER_HUB;
        }
        String s = serverAddress.trim().toLowerCase(Locale.ROOT);
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        return switch (s) {
            case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com", "docker.io" -> RegistryClient.DOCKER_HUB;
            default -> s;
        };
    }
}
