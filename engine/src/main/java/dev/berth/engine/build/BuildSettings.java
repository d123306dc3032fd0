package dev.berth.engine.build;

import dev.berth.api.backend.BuildResources;
import java.util.List;
import java.util.Map;

/** What a build's RUN containers get from the request (--network, --add-host, --shm-size, --ulimit, limits). */
record BuildSettings(String networkMode, List<String> extraHosts, long shmSize, List<Map<String, Object>> ulimits,
                     BuildResources resources) {
    BuildSettings {
        resources = resources == null ? BuildResources.NONE : resources;
        networkMode = networkMode == null ? "" : networkMode;
        extraHosts = List.copyOf(extraHosts);
        ulimits = List.copyOf(ulimits);
    }
}
