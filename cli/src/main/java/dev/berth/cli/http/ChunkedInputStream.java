package dev.berth.cli.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; ends at the zero-size chunk. */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) return -1;
        if (remaining == 0) {
            String line = HttpLines.readLine(in);
            if (line == null) throw new EOFException("truncated chunked body");
            int semi = line.indexOf(';');
            String hex = (semi >= 0 ? line.substring(0, semi) : line).trim();
            remaining = Long.parseLong(hex, 16);
            if (remaining == 0) {
                while (true) {
                    String trailer = HttpLines.readLine(in);
                    if (trailer == null || trailer.isEmpty()) break;
                }
                done = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw new EOFException("truncated chunk");
        remaining -= n;
        if (remaining == 0) HttpLines.readLine(in);
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
