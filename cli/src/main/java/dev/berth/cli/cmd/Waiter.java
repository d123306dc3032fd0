package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * POST /containers/{id}/wait?condition=… sent before the container starts, so a quick exit is
 * not missed; the answer ({@code {"StatusCode":n,"Error":{"Message":…}}}) is read on its own thread.
 */
final class Waiter {
    private final CompletableFuture<Void> headers = new CompletableFuture<>();
    private final CompletableFuture<Object> result = new CompletableFuture<>();
    private volatile HttpResponse response;

    static Waiter start(DockerClient client, String id, String condition) {
        Waiter w = new Waiter();
        Thread t = new Thread(() -> {
            try {
                w.response = client.call("POST", "/containers/" + Query.seg(id) + "/wait"
                        + Query.of().add("condition", condition), Body.NONE);
                w.headers.complete(null);
                try (HttpResponse r = w.response) {
                    w.result.complete(r.json());
                }
            } catch (IOException | RuntimeException e) {
                w.headers.complete(null);
                w.result.completeExceptionally(e);
            }
        }, "wait");
        t.setDaemon(true);
        t.start();
        return w;
    }

    /** Gives the daemon a moment to register the wait; a daemon that answers late is not waited for. */
    void awaitRegistered(long millis) throws InterruptedException {
        try {
            headers.get(millis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // go on: the result still arrives
        }
    }

    /** The container's exit code; the daemon's wait error, if any, is printed. */
    int exitCode(PrintStream err) throws IOException, InterruptedException {
        try {
            Object r = result.get();
            String msg = Json.str(r, "Error", "Message");
            if (!msg.isEmpty()) err.println(msg);
            return (int) Json.num(r, "StatusCode");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DaemonException d) throw d;
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException(e.getCause());
        }
    }

    /** The user typed the detach keys: as the docker CLI, run ends with 0 and the container keeps running. */
    void detached() {
        result.complete(java.util.Map.of("StatusCode", 0L));
        cancel();
    }

    void cancel() {
        HttpResponse r = response;
        try {
            if (r != null) r.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }
}
