package dev.berth.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * An OutputStream over a chunked response: writes are gathered into 64 KiB chunks, each sent with
 * backpressure; a client that went away fails the next write. {@link #close} flushes but does not end
 * the response (the route ends it after the backend returned).
 */
final class ChunkedOutputStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;
    private final ChunkedStream out;
    private final byte[] buf = new byte[CHUNK];
    private int n;

    ChunkedOutputStream(ChunkedStream out) {
        this.out = out;
    }

    ChunkedStream stream() {
        return out;
    }

    @Override
    public void write(int b) throws IOException {
        if (n == buf.length) {
            flush();
        }
        buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (n == buf.length) {
                flush();
            }
            int k = Math.min(len, buf.length - n);
            System.arraycopy(b, off, buf, n, k);
            n += k;
            off += k;
            len -= k;
        }
    }

    @Override
    public void flush() throws IOException {
        if (n > 0) {
            byte[] chunk = Arrays.copyOf(buf, n);
            n = 0;
            if (!out.write(chunk)) {
                throw new IOException("the client went away");
            }
        }
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
