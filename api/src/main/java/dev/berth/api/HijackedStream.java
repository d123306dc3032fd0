package dev.berth.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicBoolean;

/** A connection taken over from HTTP: raw bytes out; ending closes the connection. */
final class HijackedStream implements ByteSink {
    private final Channel channel;
    private final AtomicBoolean ended = new AtomicBoolean();

    HijackedStream(Channel channel) {
        this.channel = channel;
    }

    @Override
    public boolean write(byte[] data) {
        if (ended.get() || !Backpressure.awaitWritable(channel)) {
            return false;
        }
        channel.writeAndFlush(Unpooled.wrappedBuffer(data));
        return channel.isActive();
    }

    @Override
    public void end() {
        if (ended.compareAndSet(false, true)) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
