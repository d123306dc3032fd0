package dev.berth.cli.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Docker's multiplexed stream (non-TTY attach, logs, exec): frames of an 8-byte header
 * {@code [stream, 0, 0, 0, size uint32 big-endian]} then {@code size} bytes; stream 1 is stdout,
 * 2 stderr (0, stdin echoed, goes to stdout; 3, the daemon's system error, to stderr).
 */
public final class StreamDemux {
    private StreamDemux() {}

    /** Copies frames until the stream ends; flushes after each frame so output is live. */
    public static void demux(InputStream in, OutputStream out, OutputStream err) throws IOException {
        byte[] header = new byte[8];
        byte[] buf = new byte[32 * 1024];
        while (true) {
            int got = readFully(in, header, 8);
            if (got == 0) return;
            if (got < 8) throw new EOFException("truncated frame header");
            int stream = header[0] & 0xff;
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16)
                    | ((header[6] & 0xffL) << 8) | (header[7] & 0xffL);
            OutputStream target = stream == 2 || stream == 3 ? err : out;
            while (size > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, size));
                if (n < 0) throw new EOFException("truncated frame");
                target.write(buf, 0, n);
                size -= n;
            }
            target.flush();
        }
    }

    /** Copies a raw (TTY) stream as it arrives. */
    public static void copyRaw(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[32 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            out.flush();
        }
    }

    /** Writes one frame; used by tests and by anything that fakes a daemon. */
    public static byte[] frame(int stream, byte[] payload) {
        byte[] f = new byte[8 + payload.length];
        f[0] = (byte) stream;
        f[4] = (byte) (payload.length >>> 24);
        f[5] = (byte) (payload.length >>> 16);
        f[6] = (byte) (payload.length >>> 8);
        f[7] = (byte) payload.length;
        System.arraycopy(payload, 0, f, 8, payload.length);
        return f;
    }

    private static int readFully(InputStream in, byte[] b, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int n = in.read(b, off, len - off);
            if (n < 0) break;
            off += n;
        }
        return off;
    }
}
