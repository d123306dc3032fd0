package dev.berth.registry;

import dev.berth.image.Digest;
import dev.berth.image.Sha256;
import dev.berth.spi.ErrorKind;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Hashes and counts a blob as it is read and, at the end of the stream, checks it against the
 * descriptor. The check throws from {@code read} itself (an unchecked {@link RegistryException}),
 * so whatever consumes the stream — a content-store write, a layer extraction — fails with the
 * verification error rather than keeping bad bytes.
 */
final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final Sha256 md;
    private final LongConsumer progress;
    private long count;
    private boolean verified;

    VerifyingInputStream(InputStream in, Digest expected, long expectedSize, LongConsumer progress) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.progress = progress == null ? n -> { } : progress;
        this.md = Sha256.create();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
            return -1;
        }
        md.update(b, off, n);
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw RegistryErrors.of(ErrorKind.INVALID_ARGUMENT, "filesystem layer verification failed for digest "
                    + expected + ": more than the " + expectedSize + " bytes the manifest declares");
        }
        progress.accept(count);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Every byte must be hashed.
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 0))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    /** Reads what the consumer left and verifies; idempotent. */
    void finish() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (!verified) {
            if (read(buf, 0, buf.length) < 0) {
                break;
            }
        }
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        if (expectedSize >= 0 && count < expectedSize) {
            throw RegistryErrors.of(ErrorKind.UNAVAILABLE, "unexpected EOF: blob " + expected + " ended after "
                    + count + " of " + expectedSize + " bytes");
        }
        Digest actual = md.digest();
        if (!actual.equals(expected)) {
            throw RegistryErrors.of(ErrorKind.INVALID_ARGUMENT,
                    "filesystem layer verification failed for digest " + expected + " (got " + actual + ")");
        }
    }
}
