package dev.berth.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * The daemon's registry settings (daemon.json's {@code registry-mirrors},
 * {@code insecure-registries}) plus transport knobs.
 *
 * @param mirrors Docker Hub mirrors, tried in order before {@code registry-1.docker.io} for pulls
 * @param sslContext null for the JDK's default trust store
 * @param userAgent sent with every request
 */
public record RegistryConfig(List<URI> mirrors, InsecureRegistries insecure, SSLContext sslContext,
                             RetryPolicy retry, Duration connectTimeout, String userAgent) {
    public RegistryConfig {
        mirrors = List.copyOf(mirrors == null ? List.of() : mirrors);
        insecure = insecure == null ? InsecureRegistries.defaults() : insecure;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
        userAgent = userAgent == null ? "berth/0.1" : userAgent;
    }

    public static RegistryConfig defaults() {
        return new RegistryConfig(List.of(), null, null, null, null, null);
    }

    public RegistryConfig withRetry(RetryPolicy policy) {
        return new RegistryConfig(mirrors, insecure, sslContext, policy, connectTimeout, userAgent);
    }
}
