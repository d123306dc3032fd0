package dev.berth.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A request body handed to a handler as an InputStream while it arrives. The event loop feeds it;
 * when more than {@link #HIGH_WATER} bytes wait unread, reading from the socket pauses (autoRead off)
 * until the reader drains below {@link #LOW_WATER}. So a body of any size costs about 1 MB.
 */
final class BodyPipe extends InputStream {
    static final int HIGH_WATER = 1024 * 1024;
    static final int LOW_WATER = 256 * 1024;

    private final Channel channel;
    private final ArrayDeque<ByteBuf> chunks = new ArrayDeque<>();
    private long buffered;
    private boolean ended;
    private boolean closed;
    private IOException failure;

    BodyPipe(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: takes ownership of {@code chunk}. */
    synchronized void feed(ByteBuf chunk) {
        if (closed || !chunk.isReadable()) {
            chunk.release();
            return;
        }
        chunks.add(chunk);
        buffered += chunk.readableBytes();
        if (buffered > HIGH_WATER) {
            channel.config().setAutoRead(false);
        }
        notifyAll();
    }

    /** Event loop: the last chunk arrived. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** Event loop: the connection went away before the body ended. */
    synchronized void abort(String why) {
        if (!ended) {
            failure = new IOException(why);
        }
        notifyAll();
    }

    /** True when the whole body arrived (whether or not it was read). */
    synchronized boolean complete() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (chunks.isEmpty()) {
            if (closed) {
                throw new IOException("stream closed");
            }
            if (failure != null) {
                throw failure;
            }
            if (ended) {
                return -1;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted reading the request body");
            }
        }
        ByteBuf head = chunks.peek();
        int n = Math.min(len, head.readableBytes());
        head.readBytes(b, off, n);
        if (!head.isReadable()) {
            chunks.poll().release();
        }
        buffered -= n;
        if (buffered < LOW_WATER && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        return n;
    }

    @Override
    public synchronized int available() {
        return (int) Math.min(Integer.MAX_VALUE, buffered);
    }

    @Override
    public synchronized void close() {
        closed = true;
        chunks.forEach(ByteBuf::release);
        chunks.clear();
        buffered = 0;
        if (!channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
        notifyAll();
    }
}
