package dev.berth.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Copies what is read into the pipe; end of stream (reached only once verified) closes it. */
final class PipeTee extends FilterInputStream {
    private final Pipe pipe;

    PipeTee(InputStream in, Pipe pipe) {
        super(in);
        this.pipe = pipe;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int r = super.read(b, off, len);
        if (r < 0) {
            pipe.sink.close();
        } else if (r > 0) {
            pipe.sink.write(b, off, r);
        }
        return r;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public void close() {
        // BlobPuller owns the response body
    }
}
