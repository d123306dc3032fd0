package dev.berth.api.backend;

import dev.berth.api.model.ContainerPathStat;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a tar read out of a container goes. The backend calls {@link #open} once, after the container
 * and the path were found (so a failure before is still a plain error response), then writes the tar
 * and returns; it does not close the stream.
 */
@FunctionalInterface
public interface ArchiveSink {
    /** @param stat the path's stat for the response header; null for an export */
    OutputStream open(ContainerPathStat stat) throws IOException;
}
