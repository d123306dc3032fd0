package dev.berth.engine.build;

import java.util.List;
import java.util.Map;

/** What a build's RUN containers get from the request (--network, --add-host, --shm-size, --ulimit). */
record BuildSettings(String networkMode, List<String> extraHosts, long shmSize, List<Map<String, Object>> ulimits) {
    BuildSettings {
        networkMode = networkMode == null ? "" : networkMode;
        extraHosts = List.copyOf(extraHosts);
        ulimits = List.copyOf(ulimits);
    }
}
