package dev.berth.registry;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Counts what the extractor consumed, for its bar. */
final class CountingInputStream extends FilterInputStream {
    private final LongConsumer bar;
    private long n;

    CountingInputStream(InputStream in, LongConsumer bar) {
        super(in);
        this.bar = bar;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int r = super.read(b, off, len);
        if (r > 0) {
            n += r;
            bar.accept(n);
        }
        return r;
    }

    @Override
    public int read() throws IOException {
        int r = super.read();
        if (r >= 0) {
            bar.accept(++n);
        }
        return r;
    }

    @Override
    public void close() {
        // the owner closes the underlying stream
    }
}
