package dev.berth.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Starts an ApiServer over the fakes on a temp unix socket and a loopback TCP port. */
abstract class ServerFixture {
    @TempDir
    Path dir;
    Path socket;
    int port;
    ApiServer server;
    final FakeContainers containers = new FakeContainers();
    final FakeImages images = new FakeImages();
    final FakeSystem system = new FakeSystem();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void startServer() throws IOException {
        socket = dir.resolve("berth.sock");
        server = new ApiServer(new ApiConfig(List.of("unix://" + socket, "tcp://127.0.0.1:0")), containers, images, system);
        server.start();
        port = ((InetSocketAddress) server.boundAddresses().get(1)).getPort();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
