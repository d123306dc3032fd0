package dev.berth.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The daemon's settings after flags and daemon.json are merged (flags win only where the file is
 * silent; a key given both ways is an error, as with dockerd).
 *
 * @param hosts        dockerd {@code -H} values
 * @param options      the remaining daemon.json keys, for drivers (e.g. {@code max-concurrent-downloads})
 */
public record DaemonOptions(List<String> hosts, Path dataRoot, Path execRoot, Path pidfile, String logLevel,
                            String runtime, Map<String, Object> options) {
    public static final String DEFAULT_HOST = "unix:///run/berth/berth.sock";

    public DaemonOptions {
        hosts = List.copyOf(hosts);
        options = Map.copyOf(options);
    }
}
