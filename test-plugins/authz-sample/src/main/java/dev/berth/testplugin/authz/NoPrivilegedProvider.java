package dev.berth.testplugin.authz;

import dev.berth.spi.DriverContext;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationPlugin.Decision;
import dev.berth.spi.authz.AuthorizationProvider;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** {@code no-privileged}: denies creating a container with {@code HostConfig.Privileged: true}. */
public final class NoPrivilegedProvider implements AuthorizationProvider {
    static final String NAME = "no-privileged";
    static final String MESSAGE = "privileged containers are not allowed here";
    /** The spi has no JSON parser and this jar brings none: the create body's one Privileged key. */
    private static final Pattern PRIVILEGED = Pattern.compile("\"Privileged\"\\s*:\\s*true");
    private static final Pattern CREATE = Pattern.compile("^(/v[0-9.]+)?/containers/create(\\?.*)?$");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AuthorizationPlugin create(DriverContext context) {
        return request -> {
            byte[] body = request.body();
            if (request.method().equals("POST") && CREATE.matcher(request.uri()).matches() && body != null
                    && PRIVILEGED.matcher(new String(body, StandardCharsets.UTF_8)).find()) {
                return Decision.denied(MESSAGE);
            }
            return Decision.allowed();
        };
    }
}
