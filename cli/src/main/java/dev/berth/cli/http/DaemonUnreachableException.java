package dev.berth.cli.http;

import java.io.IOException;

/** No daemon at the endpoint; worded like docker's message. */
public final class DaemonUnreachableException extends IOException {
    public DaemonUnreachableException(Endpoint endpoint, IOException cause) {
        super("Cannot connect to the Docker daemon at " + endpoint + ". Is the docker daemon running?", cause);
    }
}
