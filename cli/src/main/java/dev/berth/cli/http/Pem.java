package dev.berth.cli.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The PEM files docker's TLS options name: certificates, and an unencrypted private key in any of the
 * forms openssl writes — PKCS#8 ({@code BEGIN PRIVATE KEY}, openssl 3), PKCS#1 RSA ({@code BEGIN RSA PRIVATE
 * KEY}, openssl 1's {@code genrsa}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}), as Go's
 * {@code tls.X509KeyPair} reads them. The latter two are wrapped into PKCS#8 for the JDK's key factories.
 */
final class Pem {
    private static final byte[] RSA_ALGORITHM = der(0x30, der(0x06, bytes(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01)),
            bytes(0x05, 0x00));
    private static final byte[] EC_PUBLIC_KEY_OID = der(0x06, bytes(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01));
    private static final byte[] VERSION_0 = bytes(0x02, 0x01, 0x00);

    private Pem() {}

    /** Every certificate in the file, in order. */
    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] data = Files.readAllBytes(file);
        List<X509Certificate> out = new ArrayList<>();
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(data))) {
            out.add((X509Certificate) c);
        }
        return out;
    }

    /** The file's first private key. */
    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        int begin = text.indexOf("-----BEGIN ");
        while (begin >= 0) {
            int typeEnd = text.indexOf("-----", begin + 11);
            if (typeEnd < 0) break;
            String type = text.substring(begin + 11, typeEnd);
            String end = "-----END " + type + "-----";
            int stop = text.indexOf(end, typeEnd);
            if (stop < 0) break;
            String body = text.substring(typeEnd + 5, stop);
            if (type.endsWith("PRIVATE KEY")) {
                if (type.startsWith("ENCRYPTED") || body.contains("ENCRYPTED")) {
                    throw new GeneralSecurityException("the private key is encrypted");
                }
                byte[] der = Base64.getMimeDecoder().decode(body.strip());
                return switch (type) {
                    case "PRIVATE KEY" -> pkcs8(der);
                    case "RSA PRIVATE KEY" -> pkcs8(der(0x30, VERSION_0, RSA_ALGORITHM, der(0x04, der)));
                    case "EC PRIVATE KEY" -> pkcs8(der(0x30, VERSION_0, der(0x30, EC_PUBLIC_KEY_OID, curveOf(der)),
                            der(0x04, der)));
                    default -> throw new GeneralSecurityException("unsupported key type " + type);
                };
            }
            begin = text.indexOf("-----BEGIN ", stop + end.length());
        }
        throw new GeneralSecurityException("no private key found");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** The named curve of a SEC1 {@code ECPrivateKey}: its {@code [0] parameters}, an OID. */
    private static byte[] curveOf(byte[] sec1) throws GeneralSecurityException {
        int[] seq = header(sec1, 0);
        int at = seq[0];
        int end = at + seq[1];
        while (at < end) {
            int tag = sec1[at] & 0xff;
            int[] h = header(sec1, at);
            if (tag == 0xa0) {
                return Arrays.copyOfRange(sec1, h[0], h[0] + h[1]);
            }
            at = h[0] + h[1];
        }
        throw new GeneralSecurityException("EC private key without its curve");
    }

    /** {content offset, content length} of the DER element at {@code at}. */
    private static int[] header(byte[] der, int at) throws GeneralSecurityException {
        if (at + 2 > der.length) throw new GeneralSecurityException("truncated key");
        int len = der[at + 1] & 0xff;
        int off = at + 2;
        if (len >= 0x80) {
            int n = len & 0x7f;
            if (n == 0 || n > 3 || off + n > der.length) throw new GeneralSecurityException("bad key encoding");
            len = 0;
            for (int i = 0; i < n; i++) len = (len << 8) | (der[off + i] & 0xff);
            off += n;
        }
        if (off + len > der.length) throw new GeneralSecurityException("truncated key");
        return new int[] {off, len};
    }

    private static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) content.writeBytes(p);
        int n = content.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 6);
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(content.toByteArray());
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) b[i] = (byte) values[i];
        return b;
    }
}
