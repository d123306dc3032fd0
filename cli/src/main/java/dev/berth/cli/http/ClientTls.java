package dev.berth.cli.http;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The docker CLI's TLS client ({@code --tls}, {@code --tlsverify}, {@code --tlscacert}, {@code --tlscert},
 * {@code --tlskey}; go-connections' {@code tlsconfig.Client}): with {@code verify} the daemon's certificate must
 * chain to {@code caFile} and name the host dialled; without it any certificate is taken, as docker's
 * {@code --tls} alone does. The client certificate ({@code certFile} and {@code keyFile}) is presented when both
 * are given. Files are read when the first connection is made, and a missing or unreadable one is an error in
 * docker's words.
 *
 * @param caFile   PEM CA bundle; read only with {@code verify}
 * @param certFile PEM client certificate (chain), or null
 * @param keyFile  PEM private key of {@code certFile}, or null
 */
public record ClientTls(Path caFile, Path certFile, Path keyFile, boolean verify) {

    /** Connects TLS over {@code plain} (already connected to host:port) and completes the handshake. */
    SSLSocket handshake(Socket plain, String host, int port) throws IOException {
        SSLContext context;
        try {
            context = context();
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        try {
            SSLParameters params = socket.getSSLParameters();
            if (verify) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (!isAddress(host)) {
                params.setServerNames(List.of(new SNIHostName(host)));
            }
            socket.setSSLParameters(params);
            socket.startHandshake();
            return socket;
        } catch (SSLException | RuntimeException e) {
            socket.close();
            throw e;
        } catch (IOException e) {
            // the daemon dropped the connection mid-handshake, before we read its alert: what a daemon does to
            // a client certificate it refuses
            socket.close();
            throw new Dropped(e);
        }
    }

    /**
     * The context these files give.
     *
     * @throws DaemonUnreachableException naming the file that cannot be read, in docker's words ({@code Failed to
     *     initialize: unable to resolve docker endpoint: open PATH: no such file or directory})
     */
    SSLContext context() throws DaemonUnreachableException {
        KeyManager[] keys = null;
        if (certFile != null && keyFile != null) {
            keys = keyManagers();
        }
        TrustManager[] trust = verify ? trustManagers() : new TrustManager[] {new TrustingAll()};
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private TrustManager[] trustManagers() throws DaemonUnreachableException {
        List<X509Certificate> cas;
        try {
            cas = Pem.certificates(caFile);
        } catch (IOException e) {
            throw unusable(goError(caFile, e), e);
        } catch (GeneralSecurityException e) {
            throw unusable("failed to append certificates from PEM file: \"" + caFile + "\"", e);
        }
        if (cas.isEmpty()) {
            throw unusable("failed to append certificates from PEM file: \"" + caFile + "\"", null);
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(store);
            return f.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyManager[] keyManagers() throws DaemonUnreachableException {
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = Pem.certificates(certFile);
        } catch (IOException e) {
            throw unusable(goError(certFile, e), e);
        } catch (GeneralSecurityException e) {
            throw unusable("tls: failed to find any PEM data in certificate input", e);
        }
        try {
            key = Pem.privateKey(keyFile);
        } catch (IOException e) {
            throw unusable(goError(keyFile, e), e);
        } catch (GeneralSecurityException e) {
            throw unusable("tls: failed to parse private key (" + keyFile + ": " + e.getMessage() + ")", e);
        }
        if (chain.isEmpty()) {
            throw unusable("tls: failed to find any PEM data in certificate input", null);
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] none = new char[0];
            store.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, none);
            return f.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw unusable("tls: private key does not match public key (" + e.getMessage() + ")", e);
        }
    }

    private static DaemonUnreachableException unusable(String why, Exception cause) {
        return new DaemonUnreachableException("Failed to initialize: unable to resolve docker endpoint: " + why, cause);
    }

    /** Go's {@code open PATH: no such file or directory} for a file that cannot be read. */
    private static String goError(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "open " + file + ": no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "open " + file + ": permission denied";
        }
        return e.getMessage();
    }

    /** Whether the daemon refused the client's certificate, or the lack of one (a TLS alert). */
    static boolean refusedCertificate(SSLException e) {
        if (e instanceof Dropped) {
            return true;
        }
        String all = messages(e);
        return all.contains("bad_certificate") || all.contains("certificate_required")
                || all.contains("unknown_ca");
    }

    /** A failed handshake's reason, in the Go client's words where they have one. */
    static String reason(SSLException e) {
        if (e instanceof Dropped && e.getCause() != null) {
            String m = String.valueOf(e.getCause().getMessage());
            return "read: " + m.toLowerCase(java.util.Locale.ROOT);
        }
        String all = messages(e);
        if (all.contains("PKIX path") || all.contains("unable to find valid certification path")) {
            return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
        }
        if (all.contains("No subject alternative") || all.contains("No name matching")) {
            String m = e.getMessage() == null ? "" : e.getMessage();
            int colon = m.lastIndexOf(": ");
            return "tls: failed to verify certificate: x509: certificate is not valid for the host dialled ("
                    + (colon >= 0 ? m.substring(colon + 2) : m) + ")";
        }
        if (all.contains("Unsupported or unrecognized SSL message")) {
            // what a plain-HTTP daemon's answer to the client hello looks like to Go
            return "http: server gave HTTP response to HTTPS client";
        }
        String alert = "Received fatal alert: ";
        int a = all.indexOf(alert);
        if (a >= 0) {
            String name = all.substring(a + alert.length()).split("[\\s;]")[0];
            return "remote error: tls: " + name.replace('_', ' ');
        }
        return "tls: " + e.getMessage();
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null && b.length() < 4000; c = c.getCause()) {
            b.append(c.getMessage()).append(';');
        }
        return b.toString();
    }

    private static boolean isAddress(String host) {
        if (host.indexOf(':') >= 0) return true;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') return false;
        }
        return true;
    }

    /** The connection ended during the handshake without a TLS alert read. */
    static final class Dropped extends SSLException {
        Dropped(IOException cause) {
            super("the connection ended during the TLS handshake", cause);
        }
    }

    /** docker's {@code --tls} without {@code --tlsverify}: the daemon's certificate is not checked. */
    private static final class TrustingAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
