package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A {@code .json} spec's {@code TLSConfig} (Go's tlsconfig.Options, as dockerd reads it): the CA that
 * signs the plugin's certificate ({@code CAFile}; none: the JDK's roots), a client certificate and key
 * ({@code CertFile}, {@code KeyFile}, PEM; the key PKCS#8 or PKCS#1 RSA), and {@code InsecureSkipVerify}
 * (no check of the plugin's certificate or name). Read once, when the plugin is found.
 *
 * @param context  what every connection to the plugin uses
 * @param verify   whether the plugin's name is checked against its certificate
 */
record PluginTls(SSLContext context, boolean verify) {
    private static final Set<String> KEYS = Set.of("InsecureSkipVerify", "CAFile", "CertFile", "KeyFile");

    /** @throws IllegalArgumentException naming the file or key that cannot be used */
    static PluginTls from(JsonNode config, Path spec) {
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonNode v = config.get(key);
            boolean empty = v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())
                    || (v.isBoolean() && !v.asBoolean());
            if (!KEYS.contains(key) && !empty) {
                throw new IllegalArgumentException("plugin spec " + spec + ": TLSConfig." + key + " is not supported by"
                        + " Berth yet");
            }
        }
        boolean insecure = config.path("InsecureSkipVerify").asBoolean(false);
        String ca = config.path("CAFile").asText("");
        String cert = config.path("CertFile").asText("");
        String key = config.path("KeyFile").asText("");
        if (cert.isEmpty() != key.isEmpty()) {
            throw new IllegalArgumentException("plugin spec " + spec + ": TLSConfig needs both CertFile and KeyFile");
        }
        try {
            TrustManager[] trust = insecure ? new TrustManager[] {new TrustingAll()}
                    : ca.isEmpty() ? null : trusting(certificates(Path.of(ca)));
            KeyManager[] keys = cert.isEmpty() ? null : keys(certificates(Path.of(cert)), privateKey(Path.of(key)));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return new PluginTls(context, !insecure);
        } catch (IOException | GeneralSecurityException | IllegalStateException e) {
            throw new IllegalArgumentException("plugin spec " + spec + ": TLSConfig: " + e.getMessage(), e);
        }
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        var factory = CertificateFactory.getInstance("X.509");
        try (var in = Files.newInputStream(file)) {
            var all = new ArrayList<Certificate>(factory.generateCertificates(in));
            if (all.isEmpty()) {
                throw new IllegalStateException("no certificate in " + file);
            }
            return all;
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("open " + file + ": no such file or directory");
        }
    }

    private static TrustManager[] trusting(List<Certificate> cas) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca" + i, cas.get(i));
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static KeyManager[] keys(List<Certificate> chain, PrivateKey key) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        char[] none = new char[0];
        store.setKeyEntry("client", key, none, chain.toArray(new Certificate[0]));
        var factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, none);
        return factory.getKeyManagers();
    }

    /** A PEM key: PKCS#8 (RSA or EC, as openssl 3 writes) or PKCS#1 RSA (wrapped into PKCS#8 here). */
    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("open " + file + ": no such file or directory");
        }
        byte[] pkcs8;
        if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
            pkcs8 = der(pem, "PRIVATE KEY");
        } else if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
            pkcs8 = wrapRsa(der(pem, "RSA PRIVATE KEY"));
        } else {
            throw new IllegalStateException(file + ": want an unencrypted PEM key (PRIVATE KEY or RSA PRIVATE KEY)");
        }
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalStateException(file + ": not an RSA, EC or Ed25519 key");
    }

    private static byte[] der(String pem, String label) {
        String begin = "-----BEGIN " + label + "-----";
        int from = pem.indexOf(begin) + begin.length();
        int to = pem.indexOf("-----END " + label + "-----", from);
        if (to < 0) {
            throw new IllegalStateException("truncated PEM " + label);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from, to));
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption, the key as an OCTET STRING. */
    private static byte[] wrapRsa(byte[] pkcs1) {
        byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01,
            0x05, 0x00};
        var body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algorithm);
        body.write(0x04);
        body.writeBytes(length(pkcs1.length));
        body.writeBytes(pkcs1);
        var out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(length(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    /** InsecureSkipVerify: any certificate, as Go's flag says. */
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
