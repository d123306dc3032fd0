package dev.berth.api;

import dev.berth.api.backend.AttachHandle;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.AtomicBoolean;

/** A connection taken over from HTTP: raw bytes out, the client's bytes to {@link #forwardInput}; ending closes the connection. */
final class HijackedStream implements ByteSink {
    private final Channel channel;
    private final HijackedHandler input;
    private final AtomicBoolean ended = new AtomicBoolean();

    HijackedStream(Channel channel, HijackedHandler input) {
        this.channel = channel;
        this.input = input;
    }

    /** Sends what the client writes (and its half-close) to {@code handle}, starting with what came already. */
    void forwardInput(AttachHandle handle) {
        input.connect(handle);
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
