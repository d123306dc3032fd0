package dev.berth.engine.build;

import java.util.List;

/** What a build's RUN containers get from the request (--network, --add-host, --shm-size). */
record BuildSettings(String networkMode, List<String> extraHosts, long shmSize) {
    BuildSettings {
        networkMode = networkMode == null ? "" : networkMode;
        extraHosts = List.copyOf(extraHosts);
    }
}
