package dev.berth.engine.build;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A context tar as the docker CLI sends it when it adds a Dockerfile from outside the context:
 * the last entry's data ends the stream, without the padding to a 512-byte block and without the
 * two zero blocks that end a tar (Go's reader, dockerd's, accepts that). After the real end this
 * stream supplies those zeros, so the tar reader sees a complete archive.
 */
final class BlockPadded extends FilterInputStream {
    private static final int BLOCK = 512;

    private long count;
    private long padding = -1;

    BlockPadded(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (padding < 0) {
            int n = in.read(b, off, len);
            if (n >= 0) {
                count += n;
                return n;
            }
            long partial = count % BLOCK;
            padding = (partial == 0 ? 0 : BLOCK - partial) + 2L * BLOCK;
        }
        if (padding == 0 || len == 0) {
            return padding == 0 ? -1 : 0;
        }
        int n = (int) Math.min(len, padding);
        Arrays.fill(b, off, off + n, (byte) 0);
        padding -= n;
        return n;
    }
}
