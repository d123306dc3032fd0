package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.http.StreamDemux;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A hijacked POST /containers/{id}/attach: output copied (demultiplexed unless TTY) to our
 * stdout/stderr on one thread, our stdin forwarded on another and half-closed at its end.
 */
final class Attachment implements AutoCloseable {
    private final HttpResponse response;
    private final Thread reader;
    private final java.util.concurrent.atomic.AtomicBoolean detached;

    private Attachment(HttpResponse response, Thread reader, java.util.concurrent.atomic.AtomicBoolean detached) {
        this.response = response;
        this.reader = reader;
        this.detached = detached;
    }

    static Attachment open(DockerClient client, String id, boolean stdin, boolean tty,
            InputStream in, OutputStream out, OutputStream err) throws IOException {
        return open(client, id, stdin, true, true, null, tty, in, out, err, () -> { });
    }

    /** Attaches the streams asked for ({@code run -a}); {@code detachKeys} null: the daemon's default. */
    static Attachment open(DockerClient client, String id, boolean stdin, boolean stdout, boolean stderr,
            String detachKeys, boolean tty, InputStream in, OutputStream out, OutputStream err, Runnable onDetach)
            throws IOException {
        String path = "/containers/" + Query.seg(id) + "/attach"
                + Query.of().flag("stream", true).flag("stdin", stdin).flag("stdout", stdout).flag("stderr", stderr)
                        .addIfPresent("detachKeys", detachKeys);
        HttpResponse r = client.hijack(path, Body.NONE);
        Thread reader = new Thread(() -> {
            try {
                if (tty) StreamDemux.copyRaw(r.body(), out);
                else StreamDemux.demux(r.body(), out, err);
            } catch (IOException closed) {
                // the connection ended; nothing more to show
            }
        }, "attach-output");
        reader.setDaemon(true);
        reader.start();
        java.util.concurrent.atomic.AtomicBoolean detached = new java.util.concurrent.atomic.AtomicBoolean();
        if (stdin) {
            // as the docker CLI: with a TTY the detach keys are read here; the container keeps running
            byte[] keys = tty ? DetachKeys.parseOrDefault(detachKeys) : null;
            Thread writer = new Thread(() -> forwardStdin(in, r, keys, () -> {
                detached.set(true);
                onDetach.run();
            }), "attach-stdin");
            writer.setDaemon(true);
            writer.start();
        }
        return new Attachment(r, reader, detached);
    }

    private static void forwardStdin(InputStream in, HttpResponse r, byte[] keys, Runnable onDetach) {
        byte[] buf = new byte[8192];
        DetachKeys.Matcher matcher = keys == null ? null : new DetachKeys.Matcher(keys);
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (matcher == null) {
                    r.output().write(buf, 0, n);
                } else {
                    java.io.ByteArrayOutputStream pass = new java.io.ByteArrayOutputStream(n);
                    boolean detach = matcher.feed(buf, n, pass);
                    pass.writeTo(r.output());
                    if (detach) {
                        r.output().flush();
                        onDetach.run();
                        r.close();
                        return;
                    }
                }
                r.output().flush();
            }
            r.closeWrite();
        } catch (IOException closed) {
            // the container went away first
        }
    }

    /** Waits until the daemon has sent all output (it closes the stream when the container exits). */
    void awaitOutput(long millis) throws InterruptedException {
        if (detached.get()) return;  // the user left; what the container prints now is not ours
        reader.join(millis);
    }

    @Override
    public void close() throws IOException {
        response.close();
    }
}
