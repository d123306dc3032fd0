package dev.berth.cli.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;

/** HTTP/1.1 over one fresh connection per exchange, which keeps streaming and hijack simple. */
public final class HttpTransport {
    static final String HOST_HEADER = "api.moby.localhost";
    private final Endpoint endpoint;

    public HttpTransport(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public HttpResponse send(String method, String target, Map<String, String> extraHeaders, Body body)
            throws IOException {
        Connection ch;
        try {
            ch = endpoint.open();
        } catch (DaemonUnreachableException e) {
            throw e;
        } catch (SSLException e) {
            throw DaemonUnreachableException.tls(method, endpoint.url(target), e);
        } catch (IOException e) {
            throw new DaemonUnreachableException(endpoint, e);
        }
        try {
            OutputStream raw = ch.out();
            writeRequest(new BufferedOutputStream(raw, 8192), method, target, extraHeaders, body);
            BufferedInputStream in = new BufferedInputStream(ch.in(), 8192);
            return readResponse(in, raw, ch, method);
        } catch (SSLException e) {
            // under TLS 1.3 a daemon refuses a client certificate (or the lack of one) after the handshake
            ch.close();
            throw DaemonUnreachableException.tls(method, endpoint.url(target), e);
        } catch (IOException e) {
            ch.close();
            ClientTls tls = endpoint.tls();
            if (tls != null && tls.certFile() == null && (e instanceof SocketException || e instanceof ProtocolException)) {
                // a daemon that wants a client certificate may drop the connection before its alert is read
                throw DaemonUnreachableException.clientCertificate(method, endpoint.url(target),
                        e instanceof SocketException ? "read: " + String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT) : "EOF", e);
            }
            throw e;
        } catch (RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void writeRequest(OutputStream out, String method, String target, Map<String, String> extra, Body body)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", HOST_HEADER);
        headers.put("User-Agent", "Berth-Client/0.1.0");
        if (body instanceof Body.Bytes b) {
            headers.put("Content-Type", b.contentType());
            headers.put("Content-Length", Integer.toString(b.data().length));
        } else if (body instanceof Body.Streamed s) {
            headers.put("Content-Type", s.contentType());
            headers.put("Transfer-Encoding", "chunked");
        } else if (method.equals("POST") || method.equals("PUT")) {
            headers.put("Content-Length", "0");
        }
        headers.putAll(extra);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body instanceof Body.Bytes b) {
            out.write(b.data());
        } else if (body instanceof Body.Streamed s) {
            ChunkedOutputStream chunked = new ChunkedOutputStream(out);
            byte[] buf = new byte[65536];
            int n;
            while ((n = s.in().read(buf)) > 0) chunked.write(buf, 0, n);
            chunked.finish();
        }
        out.flush();
    }

    private static HttpResponse readResponse(BufferedInputStream in, OutputStream raw, Connection ch, String method)
            throws IOException {
        String statusLine = HttpLines.readLine(in);
        if (statusLine == null) throw new ProtocolException("connection closed before response");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new ProtocolException("malformed status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = HttpLines.readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
        }
        return new HttpResponse(status, headers, bodyOf(in, status, headers, method), raw, ch);
    }

    private static InputStream bodyOf(InputStream in, int status, Map<String, String> headers, String method) {
        if (status == 101) return in;
        if (method.equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return InputStream.nullInputStream();
        }
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase().contains("chunked")) return new ChunkedInputStream(in);
        String cl = headers.get("content-length");
        if (cl != null) return new BoundedInputStream(in, Long.parseLong(cl));
        return in;
    }
}
