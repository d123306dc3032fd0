package dev.berth.api;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationPlugin.Decision;
import dev.berth.spi.authz.AuthorizationRequest;
import dev.berth.spi.authz.AuthorizationResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authorization plugins the daemon was started with, asked in order before each request is
 * handled (dockerd's authorization middleware), and again about each complete successful response
 * before it goes out: the first denial is a 403 in dockerd's words, a plugin that throws a 500
 * naming it. No plugins: every request passes untouched.
 */
final class Authorization {
    private static final Logger LOG = LoggerFactory.getLogger(Authorization.class);
    /** Credentials are never shown to a plugin, as dockerd strips them. */
    private static final Set<String> HIDDEN = Set.of("authorization", "x-registry-auth", "x-registry-config");

    /** One plugin under the name it was enabled by. */
    record Named(String name, AuthorizationPlugin plugin) {}

    static final Authorization NONE = new Authorization(List.of());

    private final List<Named> plugins;

    Authorization(List<Named> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    boolean isEmpty() {
        return plugins.isEmpty();
    }

    /**
     * Asks every plugin about {@code request}; returns, when all allow, the request as they saw it
     * (for {@link #checkResponse}).
     *
     * @param body the aggregated body, null when streamed
     * @throws EngineException FORBIDDEN on a denial, INTERNAL when a plugin fails
     */
    AuthorizationRequest check(Channel channel, HttpRequest request, byte[] body) {
        AuthorizationRequest r = describe(channel, request, body);
        decide(r, plugin -> plugin.authorizeRequest(r));
        return r;
    }

    /**
     * Asks every plugin about a complete response to {@code request} before it goes out (AuthZRes).
     *
     * @throws EngineException FORBIDDEN on a denial, INTERNAL when a plugin fails
     */
    void checkResponse(AuthorizationRequest request, FullHttpResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : response.headers().names()) {
            headers.put(canonical(name), String.join(",", response.headers().getAll(name)));
        }
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        boolean json = type.toLowerCase().startsWith("application/json");
        byte[] body = json && response.content().readableBytes() <= AuthorizationRequest.MAX_BODY
                ? ByteBufUtil.getBytes(response.content()) : null;
        var r = new AuthorizationResponse(response.status().code(), headers, body);
        decide(request, plugin -> plugin.authorizeResponse(request, r));
    }

    /** Go's canonical header key ({@code content-type} → {@code Content-Type}), as dockerd's plugins see them. */
    static String canonical(String name) {
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            b.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return b.toString();
    }

    private void decide(AuthorizationRequest r, Function<AuthorizationPlugin, Decision> ask) {
        for (Named p : plugins) {
            Decision d;
            try {
                d = ask.apply(p.plugin());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("authorization plugin {} failed on {} {}", p.name(), r.method(), r.uri(), e);
                throw new EngineException(ErrorKind.INTERNAL, "plugin " + p.name() + " failed with error: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
            if (d == null) {
                throw new EngineException(ErrorKind.INTERNAL, "plugin " + p.name() + " failed with error: no decision");
            }
            if (!d.allow()) {
                throw new EngineException(ErrorKind.FORBIDDEN, "authorization denied by plugin " + p.name() + ": "
                        + d.message());
            }
        }
    }

    static AuthorizationRequest describe(Channel channel, HttpRequest request, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : request.headers().names()) {
            if (!HIDDEN.contains(name.toLowerCase())) {
                headers.put(name, String.join(",", request.headers().getAll(name)));
            }
        }
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        boolean json = type.toLowerCase().startsWith("application/json");
        byte[] shown = json && body != null && body.length <= AuthorizationRequest.MAX_BODY ? body : null;
        String user = tlsUser(channel);
        return new AuthorizationRequest(user, user == null ? null : "TLS", request.method().name(), request.uri(),
                headers, shown);
    }

    /** The common name of a verified client certificate, as dockerd takes the TLS user; else null. */
    static String tlsUser(Channel channel) {
        SslHandler ssl = channel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate x509)) {
                return null;
            }
            for (Rdn rdn : new LdapName(x509.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
            return null;
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return null;
        }
    }

    /** Closes every plugin; one that fails to close is logged. */
    void close() {
        for (Named p : plugins) {
            try {
                p.plugin().close();
            } catch (RuntimeException e) {
                LOG.warn("authorization plugin {} failed to close", p.name(), e);
            }
        }
    }
}
