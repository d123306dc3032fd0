package dev.berth.testplugin.authz;

import dev.berth.spi.DriverContext;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationPlugin.Decision;
import dev.berth.spi.authz.AuthorizationProvider;

/**
 * {@code exploding}: a buggy plugin that throws on {@code POST /volumes/create} and allows the rest;
 * the daemon must answer 500 naming it and keep serving. It also records the TLS user it was shown,
 * answering {@code GET /info} requests from a user named {@code mallory} with a denial.
 */
public final class ExplodingProvider implements AuthorizationProvider {
    @Override
    public String name() {
        return "exploding";
    }

    @Override
    public AuthorizationPlugin create(DriverContext context) {
        return request -> {
            if (request.method().equals("POST") && request.uri().contains("/volumes/create")) {
                throw new IllegalStateException("policy store unreachable");
            }
            if ("mallory".equals(request.user()) && request.uri().contains("/info")) {
                return Decision.denied("mallory may not read info (" + request.userAuthnMethod() + ")");
            }
            return Decision.allowed();
        };
    }
}
