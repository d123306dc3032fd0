package dev.berth.api;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A bare HTTP/1.1 client, for what the JDK client hides: upgrade, exact bytes, unix sockets. */
final class RawHttp implements Closeable {
    private final Closeable connection;
    final DataInputStream in;
    final OutputStream out;

    record Head(int status, String statusLine, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp(Closeable connection, InputStream in, OutputStream out) {
        this.connection = connection;
        this.in = new DataInputStream(in);
        this.out = out;
    }

    static RawHttp tcp(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return new RawHttp(s, s.getInputStream(), s.getOutputStream());
    }

    static RawHttp unix(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        return new RawHttp(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch));
    }

    RawHttp send(String method, String path, String extraHeaders, byte[] body) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: api.moby.localhost\r\n");
        if (extraHeaders != null) {
            sb.append(extraHeaders);
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return this;
    }

    Head readHead() throws IOException {
        String statusLine = line();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(statusLine.split(" ")[1]), statusLine, headers);
    }

    /** The body by Content-Length or chunked encoding. */
    byte[] readBody(Head head) throws IOException {
        String length = head.header("content-length");
        if (length != null) {
            byte[] b = new byte[Integer.parseInt(length)];
            in.readFully(b);
            return b;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int size = nextChunkSize(); size > 0; size = nextChunkSize()) {
            body.write(readChunk(size));
        }
        return body.toByteArray();
    }

    /** Size of the next chunk (0 = last), for reading chunk by chunk. */
    int nextChunkSize() throws IOException {
        int size = Integer.parseInt(line().trim(), 16);
        if (size == 0) {
            line();
        }
        return size;
    }

    byte[] readChunk(int size) throws IOException {
        byte[] b = new byte[size];
        in.readFully(b);
        line();
        return b;
    }

    /** Half-closes: the server reads EOF, this side still reads. */
    void shutdownOutput() throws IOException {
        out.flush();
        if (connection instanceof Socket s) {
            s.shutdownOutput();
        } else if (connection instanceof SocketChannel ch) {
            ch.shutdownOutput();
        }
    }

    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed mid-line");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
