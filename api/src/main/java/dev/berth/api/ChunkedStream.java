package dev.berth.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.atomic.AtomicBoolean;

/** A chunked HTTP response body whose headers are already sent; each write is flushed at once. */
final class ChunkedStream implements ByteSink {
    private final Channel channel;
    private final boolean keepAlive;
    private final Runnable onDone;
    private final AtomicBoolean ended = new AtomicBoolean();

    ChunkedStream(Channel channel, boolean keepAlive, Runnable onDone) {
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.onDone = onDone;
    }

    @Override
    public boolean write(byte[] data) {
        if (ended.get() || !Backpressure.awaitWritable(channel)) {
            return false;
        }
        if (data.length > 0) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(data)));
        }
        return channel.isActive();
    }

    @Override
    public void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(f -> {
            if (!keepAlive) {
                channel.close();
            }
            onDone.run();
        });
    }
}
