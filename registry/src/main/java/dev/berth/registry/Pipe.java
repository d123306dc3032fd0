package dev.berth.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded byte pipe between a downloading thread and the extracting one, unlike
 * {@link java.io.PipedInputStream} carrying failures both ways: a producer's failure (a network
 * error, a digest mismatch) makes the consumer's next read throw, never look like a clean end of
 * stream that would let a truncated tar be taken as a whole layer.
 */
final class Pipe {
    private static final byte[] EOF = new byte[0];
    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(64);
    private volatile Throwable producerFailure;
    private volatile Throwable consumerFailure;

    /** The producer's side. {@link OutputStream#close()} marks a clean end. */
    final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > 0) {
                put(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        }

        @Override
        public void close() throws IOException {
            put(EOF);
        }
    };

    /** The consumer's side. */
    final InputStream source = new InputStream() {
        private byte[] chunk;
        private int pos;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (chunk == null || pos == chunk.length) {
                if (done) {
                    return -1;
                }
                chunk = take();
                pos = 0;
                if (chunk == EOF) {
                    done = true;
                    chunk = null;
                    return -1;
                }
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            return n;
        }
    };

    private void put(byte[] data) throws IOException {
        try {
            while (!queue.offer(data, 100, TimeUnit.MILLISECONDS)) {
                if (consumerFailure != null) {
                    throw new IOException("layer extraction stopped: " + consumerFailure.getMessage(), consumerFailure);
                }
            }
            if (consumerFailure != null) {
                throw new IOException("layer extraction stopped: " + consumerFailure.getMessage(), consumerFailure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private byte[] take() throws IOException {
        try {
            while (true) {
                Throwable f = producerFailure;
                if (f != null) {
                    throw new IOException("download failed: " + f.getMessage(), f);
                }
                byte[] c = queue.poll(100, TimeUnit.MILLISECONDS);
                if (c != null) {
                    if (c == EOF && producerFailure != null) {
                        continue;
                    }
                    return c;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The producer failed: the consumer's next read throws. */
    void fail(Throwable t) {
        producerFailure = t;
        queue.clear();
    }

    /** The consumer gave up: the producer's next write throws. */
    void abort(Throwable t) {
        consumerFailure = t;
        queue.clear();
    }

    Throwable producerFailure() {
        return producerFailure;
    }

    boolean abortedByConsumer() {
        return consumerFailure != null;
    }
}
