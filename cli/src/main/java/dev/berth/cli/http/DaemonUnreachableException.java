package dev.berth.cli.http;

import java.io.IOException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** No daemon at the endpoint, or none that would talk TLS with us; worded like docker's message. */
public final class DaemonUnreachableException extends IOException {
    public DaemonUnreachableException(Endpoint endpoint, IOException cause) {
        super("Cannot connect to the Docker daemon at " + endpoint + ". Is the docker daemon running?", cause);
    }

    DaemonUnreachableException(String message, Exception cause) {
        super(message, cause);
    }

    /**
     * The TLS handshake failed: the docker CLI's {@code error during connect: Get "https://…": tls: …}, with the
     * JDK's reason put in Go's words where they have one.
     */
    static DaemonUnreachableException tls(String method, String url, SSLException e) {
        if (ClientTls.refusedCertificate(e)) {
            return clientCertificate(method, url, ClientTls.reason(e), e);
        }
        return new DaemonUnreachableException("error during connect: " + op(method) + " \"" + url + "\": "
                + ClientTls.reason(e), e);
    }

    /** The daemon refused (or dropped) a TLS client that sent no certificate, or one it does not trust. */
    static DaemonUnreachableException clientCertificate(String method, String url, String reason, IOException e) {
        return new DaemonUnreachableException("the server probably has client authentication (--tlsverify) "
                + "enabled; check your TLS client certification settings: " + op(method) + " \"" + url + "\": "
                + reason, e);
    }

    /** Go's http.Client names the method so: Get, Post, … */
    private static String op(String method) {
        return method.charAt(0) + method.substring(1).toLowerCase(Locale.ROOT);
    }
}
