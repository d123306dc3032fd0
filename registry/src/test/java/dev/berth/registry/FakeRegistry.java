package dev.berth.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A scriptable registry on loopback for faults a real one will not produce. */
final class FakeRegistry implements AutoCloseable {
    interface Route {
        /** Returns true when it answered. */
        boolean handle(HttpExchange ex) throws IOException;
    }

    final HttpServer server;
    final List<String> log = new CopyOnWriteArrayList<>();
    final List<Route> routes = new CopyOnWriteArrayList<>();

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            log.add(ex.getRequestMethod() + " " + ex.getRequestURI() + (auth == null ? "" : " [" + auth + "]"));
            try {
                for (Route r : routes) {
                    if (r.handle(ex)) {
                        return;
                    }
                }
                send(ex, 404, "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}]}");
            } finally {
                ex.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String domain() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    long count(String prefix) {
        return log.stream().filter(l -> l.startsWith(prefix)).count();
    }

    static void send(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    static void send(HttpExchange ex, int status, byte[] body, String contentType) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
