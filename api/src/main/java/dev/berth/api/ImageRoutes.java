package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import dev.berth.api.backend.ImageBackend;
import dev.berth.api.model.AuthConfig;
import dev.berth.api.model.AuthResponse;
import dev.berth.api.model.CommitResponse;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/** Image routes. Names in paths may hold slashes and a registry port: {@code /images/localhost:5000/a/b:tag/json}. */
final class ImageRoutes {
    private static final String NAME = "/images/(?<name>.+)";

    private static final String REGISTRY_AUTH = "X-Registry-Auth";

    private final ImageBackend images;

    ImageRoutes(ImageBackend images) {
        this.images = images;
    }

    List<Route> routes() {
        return List.of(
                Route.of(POST, "/images/create", this::create).streamingBody(),
                Route.of(POST, "/images/load", this::load).streamingBody(),
                Route.of(GET, "/images/get", ex -> save(ex, ex.query().all("names"))),
                Route.of(POST, "/images/prune", ex -> ex.json(HttpResponseStatus.OK, images.prune(ex.query().filters()))),
                Route.of(GET, "/system/df", ex -> ex.json(HttpResponseStatus.OK, images.diskUsage())),
                Route.of(POST, "/auth", ex -> ex.json(HttpResponseStatus.OK,
                        new AuthResponse(images.login(ex.body(AuthConfig.class)), null))),
                Route.of(POST, "/commit", this::commit),
                Route.of(GET, NAME + "/get", ex -> save(ex, List.of(ex.param("name")))),
                Route.of(GET, NAME + "/history", ex -> ex.json(HttpResponseStatus.OK, images.history(ex.param("name")))),
                Route.of(POST, NAME + "/push", this::push),
                Route.of(GET, "/images/json", ex -> ex.json(HttpResponseStatus.OK,
                        images.list(ex.query().bool("all"), ex.query().filters(), ex.query().bool("digests")))),
                Route.of(GET, NAME + "/json", ex -> ex.json(HttpResponseStatus.OK, images.inspect(ex.param("name")))),
                Route.of(POST, NAME + "/tag", ex -> {
                    images.tag(ex.param("name"), ex.query().nonEmpty("repo"), ex.query().nonEmpty("tag"));
                    ex.empty(HttpResponseStatus.CREATED);
                }),
                Route.of(DELETE, NAME, ex -> ex.json(HttpResponseStatus.OK,
                        images.remove(ex.param("name"), ex.query().bool("force"), ex.query().bool("noprune")))));
    }

    private void create(Exchange ex) {
        Query q = ex.query();
        String fromSrc = q.nonEmpty("fromSrc");
        String fromImage = q.nonEmpty("fromImage");
        if (fromSrc == null && fromImage != null) {
            ProgressStream progress = new ProgressStream(ex);
            streamed(progress, () -> images.pull(fromImage, q.nonEmpty("tag"), q.nonEmpty("platform"),
                    ex.header(REGISTRY_AUTH), progress));
            return;
        }
        if (fromSrc == null) {
            throw EngineException.invalid("fromSrc or fromImage is required");
        }
        if (!fromSrc.equals("-")) {
            throw new EngineException(ErrorKind.NOT_IMPLEMENTED, "importing from a URL is not implemented yet; use fromSrc=-");
        }
        ProgressStream progress = new ProgressStream(ex);
        try {
            String id = images.importImage(ex.bodyStream(), q.nonEmpty("repo"), q.nonEmpty("tag"), q.all("changes"),
                    q.nonEmpty("message"), q.nonEmpty("platform"), progress);
            progress.line(Map.of("status", id));
            progress.end();
        } catch (RuntimeException e) {
            if (!progress.fail(e)) {
                throw e;
            }
        }
    }

    private void push(Exchange ex) {
        ProgressStream progress = new ProgressStream(ex);
        streamed(progress, () -> images.push(ex.param("name"), ex.query().nonEmpty("tag"), ex.header(REGISTRY_AUTH),
                progress));
    }

    private void load(Exchange ex) {
        ProgressStream progress = new ProgressStream(ex);
        streamed(progress, () -> images.load(ex.bodyStream(), ex.query().bool("quiet"), progress));
    }

    private void commit(Exchange ex) {
        Query q = ex.query();
        String container = q.nonEmpty("container");
        if (container == null) {
            throw EngineException.invalid("container is required");
        }
        String id = images.commit(container, q.nonEmpty("repo"), q.nonEmpty("tag"), q.string("comment"),
                q.string("author"), q.bool("pause", true), q.all("changes"));
        ex.json(HttpResponseStatus.CREATED, new CommitResponse(id));
    }

    /** Runs a progress-reporting operation: errors before the first line are a plain error response. */
    private static void streamed(ProgressStream progress, Runnable op) {
        try {
            op.run();
            progress.end();
        } catch (RuntimeException e) {
            if (!progress.fail(e)) {
                throw e;
            }
        }
    }

    private void save(Exchange ex, List<String> names) throws java.io.IOException {
        ImageBackend.Archive archive = images.save(names);
        ChunkedStream out = ex.stream(HttpResponseStatus.OK, "application/x-tar");
        try (var sink = new SinkOutputStream(out)) {
            archive.writeTo(sink);
        }
        out.end();
    }

    /** Buffers writes into 64 KiB chunks; a client that went away fails the next write. */
    private static final class SinkOutputStream extends java.io.OutputStream {
        private final ChunkedStream out;
        private final byte[] buf = new byte[64 * 1024];
        private int n;

        SinkOutputStream(ChunkedStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            while (len > 0) {
                if (n == buf.length) {
                    flush();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            if (n > 0) {
                byte[] chunk = java.util.Arrays.copyOf(buf, n);
                n = 0;
                if (!out.write(chunk)) {
                    throw new java.io.IOException("the client went away");
                }
            }
        }

        @Override
        public void close() throws java.io.IOException {
            flush();
        }
    }
}
