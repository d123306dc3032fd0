package dev.berth.daemon.plugins;

import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** What {@link RecordingNetworkProvider} makes: one line per call, "method id[ container]". */
final class RecordingNetworkDriver implements NetworkDriver {
    private final Path log;

    RecordingNetworkDriver(Path log) {
        this.log = log;
    }

    @Override
    public String name() {
        return RecordingNetworkProvider.NAME;
    }

    @Override
    public void createNetwork(NetworkSpec spec) {
        record("createNetwork " + spec.id());
    }

    @Override
    public void deleteNetwork(String networkId) {
        record("deleteNetwork " + networkId);
    }

    @Override
    public Endpoint join(EndpointSpec spec) {
        record("join " + spec.networkId() + " " + spec.containerId());
        return new Endpoint("none", spec.interfaceName(), spec.mac());
    }

    @Override
    public void leave(EndpointSpec spec) {
        record("leave " + spec.networkId() + " " + spec.containerId());
    }

    @Override
    public void updateNames(String networkId, String containerId, List<String> dnsNames) {
        record("updateNames " + networkId + " " + containerId);
    }

    @Override
    public List<EndpointSpec> restore(List<NetworkSpec> networks, List<EndpointSpec> endpoints) {
        record("restore " + networks.size() + " " + endpoints.size());
        return List.of();
    }

    @Override
    public void close() {
        record("close");
    }

    private synchronized void record(String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
