package dev.berth.image;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Pinned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 for layer and blob digests, computed by libcrypto where it can be bound and by
 * {@link MessageDigest} otherwise. Why native: the JDK's SHA-256 is fast only in C2-compiled code
 * (C1 has no SHA intrinsic) and berthd runs C1 only, so the JDK's would hash every pull, push, import
 * and build at ~30 MB/s; libcrypto uses the CPU's SHA extensions from the first byte. Every bulk
 * digest in the daemon goes through here. Not thread-safe: one instance per stream.
 */
public abstract sealed class Sha256 permits Sha256.Libcrypto, Sha256.Jdk {
    private static final Logger LOG = LoggerFactory.getLogger(Sha256.class);

    /** The libcrypto functions (public for jnr-ffi's proxy); the context is a plain struct, kept in a Java array. */
    public interface Crypto {
        int SHA256_Init(@In @Out byte[] ctx);

        int SHA256_Update(@In @Out byte[] ctx, @In @Pinned ByteBuffer data, long len);

        int SHA256_Final(@Out byte[] md, @In @Out byte[] ctx);
    }

    /** OpenSSL's SHA256_CTX is 112 bytes; room to spare costs nothing. */
    private static final int CTX_SIZE = 256;

    private static final class Holder {
        static final Crypto CRYPTO = bind();
    }

    Sha256() {}

    /** A native hasher when libcrypto is bound, else the JDK's. */
    public static Sha256 create() {
        return Holder.CRYPTO != null ? new Libcrypto(Holder.CRYPTO) : new Jdk();
    }

    /** The JDK's, whatever is bound: for tests that compare the two. */
    static Sha256 jdk() {
        return new Jdk();
    }

    /** True when {@link #create()} hashes with libcrypto. */
    public static boolean isNative() {
        return Holder.CRYPTO != null;
    }

    public abstract void update(byte[] b, int off, int len);

    public final void update(byte[] b) {
        update(b, 0, b.length);
    }

    /** The 32-byte digest of everything updated; the hasher is spent afterwards. */
    public abstract byte[] finish();

    /** {@link #finish()} as a {@link Digest}. */
    public final Digest digest() {
        return Digest.fromBytes(finish());
    }

    private static Crypto bind() {
        if (Boolean.getBoolean("berth.sha256.jdk")) {
            return null;
        }
        for (String name : new String[] {"libcrypto.so.3", "crypto"}) {
            try {
                Crypto c = LibraryLoader.create(Crypto.class).failImmediately().load(name);
                if (selfTest(c)) {
                    return c;
                }
            } catch (LinkageError | RuntimeException e) {
                LOG.debug("libcrypto as {} not usable: {}", name, e.toString());
            }
        }
        LOG.info("libcrypto not found: SHA-256 digests use the JDK's implementation");
        return null;
    }

    /** The digest of "abc" (FIPS 180-2's example): a library that answers otherwise is not used. */
    private static boolean selfTest(Crypto c) {
        Libcrypto n = new Libcrypto(c);
        byte[] abc = {'a', 'b', 'c'};
        n.update(abc, 0, 3);
        return Digest.fromBytes(n.finish()).hex()
                .equals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    static final class Libcrypto extends Sha256 {
        private final Crypto crypto;
        private final byte[] ctx = new byte[CTX_SIZE];

        Libcrypto(Crypto crypto) {
            this.crypto = crypto;
            if (crypto.SHA256_Init(ctx) != 1) {
                throw new IllegalStateException("SHA256_Init failed");
            }
        }

        @Override
        public void update(byte[] b, int off, int len) {
            if (len == 0) {
                return;
            }
            if (crypto.SHA256_Update(ctx, ByteBuffer.wrap(b, off, len), len) != 1) {
                throw new IllegalStateException("SHA256_Update failed");
            }
        }

        @Override
        public byte[] finish() {
            byte[] md = new byte[32];
            if (crypto.SHA256_Final(md, ctx) != 1) {
                throw new IllegalStateException("SHA256_Final failed");
            }
            return md;
        }
    }

    static final class Jdk extends Sha256 {
        private final MessageDigest md = Digest.newSha256();

        @Override
        public void update(byte[] b, int off, int len) {
            md.update(b, off, len);
        }

        @Override
        public byte[] finish() {
            return md.digest();
        }
    }
}
