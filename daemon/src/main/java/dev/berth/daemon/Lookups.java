package dev.berth.daemon;

import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.volume.VolumeDriver;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/** Several {@link DriverLookup}s as one: each asked in turn, the first that has the name answers. */
final class Lookups implements DriverLookup {
    private final List<DriverLookup> lookups;

    Lookups(Collection<DriverLookup> lookups) {
        this.lookups = List.copyOf(lookups);
    }

    @Override
    public Optional<VolumeDriver> volumeDriver(String name) {
        return first(l -> l.volumeDriver(name));
    }

    @Override
    public Optional<VolumeDriver> volumeDriverIfPresent(String name) {
        return first(l -> l.volumeDriverIfPresent(name));
    }

    @Override
    public Optional<AuthorizationPlugin> authorizationPlugin(String name) {
        return first(l -> l.authorizationPlugin(name));
    }

    @Override
    public Optional<NetworkDriver> networkDriver(String name) {
        return first(l -> l.networkDriver(name));
    }

    @Override
    public List<String> activeNetworkDrivers() {
        var names = new TreeSet<String>();
        lookups.forEach(l -> names.addAll(l.activeNetworkDrivers()));
        return List.copyOf(names);
    }

    @Override
    public Optional<String> unsupportedNetworkDriver(String name) {
        return first(l -> l.unsupportedNetworkDriver(name));
    }

    private <T> Optional<T> first(Function<DriverLookup, Optional<T>> ask) {
        for (DriverLookup l : lookups) {
            Optional<T> found = ask.apply(l);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        lookups.forEach(DriverLookup::close);
    }
}
