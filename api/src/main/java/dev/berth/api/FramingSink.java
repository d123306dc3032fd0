package dev.berth.api;

import dev.berth.api.backend.OutputSink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Renders container output for the client: with the 8-byte header {@code [stream,0,0,0,len BE]} per
 * chunk unless the container has a TTY, and with an RFC3339Nano prefix on timestamped lines when asked.
 */
final class FramingSink implements OutputSink {
    private final ByteSink out;
    private final boolean multiplexed;
    private final boolean timestamps;

    FramingSink(ByteSink out, boolean multiplexed, boolean timestamps) {
        this.out = out;
        this.multiplexed = multiplexed;
        this.timestamps = timestamps;
    }

    @Override
    public boolean write(Stream stream, byte[] data) {
        return out.write(multiplexed ? frame(stream, data) : data);
    }

    @Override
    public boolean write(Stream stream, Instant time, byte[] data) {
        if (!timestamps || time == null) {
            return write(stream, data);
        }
        byte[] prefix = (Timestamps.formatNanoFixed(time) + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[prefix.length + data.length];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(data, 0, line, prefix.length, data.length);
        return write(stream, line);
    }

    @Override
    public void end() {
        out.end();
    }

    static byte[] frame(Stream stream, byte[] data) {
        byte[] framed = new byte[8 + data.length];
        framed[0] = (byte) stream.ordinal();
        int n = data.length;
        framed[4] = (byte) (n >>> 24);
        framed[5] = (byte) (n >>> 16);
        framed[6] = (byte) (n >>> 8);
        framed[7] = (byte) n;
        System.arraycopy(data, 0, framed, 8, n);
        return framed;
    }
}
