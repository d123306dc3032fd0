package dev.berth.api;

import dev.berth.api.backend.OutputSink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

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
    public boolean writeAll(List<Chunk> chunks) {
        int size = 0;
        for (Chunk c : chunks) {
            size += (multiplexed ? 8 : 0) + c.data().length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (Chunk c : chunks) {
            if (multiplexed) {
                header(all, at, c.stream(), c.data().length);
                at += 8;
            }
            System.arraycopy(c.data(), 0, all, at, c.data().length);
            at += c.data().length;
        }
        return out.write(all);
    }

    @Override
    public void end() {
        out.end();
    }

    static byte[] frame(Stream stream, byte[] data) {
        byte[] framed = new byte[8 + data.length];
        header(framed, 0, stream, data.length);
        System.arraycopy(data, 0, framed, 8, data.length);
        return framed;
    }

    private static void header(byte[] b, int at, Stream stream, int n) {
        b[at] = (byte) stream.ordinal();
        b[at + 4] = (byte) (n >>> 24);
        b[at + 5] = (byte) (n >>> 16);
        b[at + 6] = (byte) (n >>> 8);
        b[at + 7] = (byte) n;
    }
}
