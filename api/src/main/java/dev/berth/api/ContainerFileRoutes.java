package dev.berth.api;

import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.HEAD;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.model.ContainerPathStat;
import dev.berth.spi.EngineException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The container's files: {@code docker cp} (archive HEAD/GET/PUT), {@code docker diff}, {@code docker export}. */
final class ContainerFileRoutes {
    static final String PATH_STAT = "X-Docker-Container-Path-Stat";
    private static final String TAR = "application/x-tar";

    private final ContainerBackend containers;

    ContainerFileRoutes(ContainerBackend containers) {
        this.containers = containers;
    }

    List<Route> routes() {
        return List.of(
                Route.of(HEAD, ContainerRoutes.ID + "/archive", this::stat).honours("path"),
                Route.of(GET, ContainerRoutes.ID + "/archive", this::archive).honours("path"),
                Route.of(PUT, ContainerRoutes.ID + "/archive", this::extract).streamingBody()
                        .honours("path", "noOverwriteDirNonDir", "copyUIDGID"),
                Route.of(GET, ContainerRoutes.ID + "/changes", ex ->
                        ex.json(HttpResponseStatus.OK, containers.changes(ex.param("id")))),
                Route.of(GET, ContainerRoutes.ID + "/export", this::export));
    }

    private void stat(Exchange ex) {
        ContainerPathStat stat = containers.statPath(ex.param("id"), path(ex));
        FullHttpResponse r = ex.responses().full(HttpResponseStatus.OK, null, null);
        r.headers().set(PATH_STAT, header(stat));
        ex.respond(r);
    }

    private void archive(Exchange ex) throws Exception {
        ChunkedOutputStream[] out = new ChunkedOutputStream[1];
        containers.archive(ex.param("id"), path(ex), stat -> {
            out[0] = new ChunkedOutputStream(ex.stream(HttpResponseStatus.OK, TAR, Map.of(PATH_STAT, header(stat))));
            return out[0];
        });
        finish(out[0]);
    }

    /** The body is read as it arrives; the answer is sent once all of it is on disk. */
    private void extract(Exchange ex) {
        Query q = ex.query();
        containers.extract(ex.param("id"), path(ex), q.bool("noOverwriteDirNonDir"), q.bool("copyUIDGID"),
                ex.bodyStream());
        ex.empty(HttpResponseStatus.OK);
    }

    private void export(Exchange ex) throws Exception {
        ChunkedOutputStream[] out = new ChunkedOutputStream[1];
        containers.export(ex.param("id"), stat -> {
            out[0] = new ChunkedOutputStream(ex.stream(HttpResponseStatus.OK, TAR));
            return out[0];
        });
        finish(out[0]);
    }

    private static void finish(ChunkedOutputStream out) throws IOException {
        if (out != null) {
            out.close();
            out.stream().end();
        }
    }

    private static String path(Exchange ex) {
        String path = ex.query().string("path");
        if (path == null || path.isEmpty()) {
            throw EngineException.invalid("bad parameter: path cannot be empty");
        }
        return path;
    }

    /** base64 (standard, padded) of the stat's JSON, as dockerd sets it. */
    static String header(ContainerPathStat stat) {
        return Base64.getEncoder().encodeToString(Json.write(stat));
    }
}
