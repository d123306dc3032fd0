package dev.berth.persistence.container;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What every lifecycle phase of a container knows: identity, config, and how its last run went.
 * {@code startedAt}/{@code finishedAt} are null until the first run starts/ends.
 */
public record ContainerInfo(
        String id,
        String name,
        Instant created,
        String imageId,
        List<String> layers,
        ContainerConfig config,
        HostConfig hostConfig,
        Instant startedAt,
        Instant finishedAt,
        int exitCode,
        boolean oomKilled,
        String error,
        int restartCount,
        List<NetworkRequest> networks) {

    public ContainerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        layers = List.copyOf(layers);
        error = error == null ? "" : error;
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    static ContainerInfo of(ContainerEvent.Created e) {
        return new ContainerInfo(e.id(), e.name(), e.at(), e.imageId(), e.layers(), e.config(), e.hostConfig(),
                null, null, 0, false, "", 0, e.networks());
    }

    ContainerInfo withName(String newName) {
        return new ContainerInfo(id, newName, created, imageId, layers, config, hostConfig, startedAt, finishedAt,
                exitCode, oomKilled, error, restartCount, networks);
    }

    ContainerInfo started(Instant at) {
        return new ContainerInfo(id, name, created, imageId, layers, config, hostConfig, at, finishedAt,
                0, false, "", restartCount, networks);
    }

    ContainerInfo ended(Instant at, int code, boolean oom, String err) {
        return new ContainerInfo(id, name, created, imageId, layers, config, hostConfig, startedAt, at,
                code, oom, err, restartCount, networks);
    }

    ContainerInfo withRestartCount(int count) {
        return new ContainerInfo(id, name, created, imageId, layers, config, hostConfig, startedAt, finishedAt,
                exitCode, oomKilled, error, count, networks);
    }

    ContainerInfo withNetworks(List<NetworkRequest> next) {
        return new ContainerInfo(id, name, created, imageId, layers, config, hostConfig, startedAt, finishedAt,
                exitCode, oomKilled, error, restartCount, next);
    }

    ContainerInfo withHostConfig(HostConfig next) {
        return new ContainerInfo(id, name, created, imageId, layers, config, next, startedAt, finishedAt,
                exitCode, oomKilled, error, restartCount, networks);
    }
}
