package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.volume.VolumeDriver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Docker's legacy plugins, found by name when first used: the name is looked for in the discovery
 * directories (again and again, with a growing pause, until the bound: a plugin started beside the
 * daemon may not have made its socket yet, as dockerd allows), then activated ({@code Plugin.Activate}),
 * then kept, as dockerd keeps an activated plugin. Thread-safe.
 */
final class DockerPlugins implements DriverLookup {
    private static final Logger LOG = LoggerFactory.getLogger(DockerPlugins.class);
    /** dockerd's words when a plugin lacks the kind asked for. */
    static final String NOT_IMPLEMENTS = "Plugin does not implement the requested driver";

    /** An activated plugin: how to reach it and what it said it implements. */
    record Activated(String name, PluginClient client, List<String> implementsList) {
        Activated {
            implementsList = List.copyOf(implementsList);
        }
    }

    private final PluginLocator locator;
    private final Duration timeout;
    private final Map<String, Activated> activated = new ConcurrentHashMap<>();
    private final Map<String, VolumeDriver> volumes = new ConcurrentHashMap<>();
    private final Map<String, NetworkDriver> networks = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationPlugin> authorizations = new ConcurrentHashMap<>();

    /**
     * @param timeout how long a plugin may take to appear and activate, and to answer each call
     */
    DockerPlugins(PluginLocator locator, Duration timeout) {
        this.locator = locator;
        this.timeout = timeout;
    }

    @Override
    public Optional<VolumeDriver> volumeDriver(String name) {
        VolumeDriver cached = volumes.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Activated> p = find(name, "volume", "VolumeDriver", true);
        return p.map(a -> volumes.computeIfAbsent(name, n -> new RemoteVolumeDriver(a)));
    }

    @Override
    public Optional<VolumeDriver> volumeDriverIfPresent(String name) {
        VolumeDriver cached = volumes.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            Optional<Activated> p = find(name, "volume", "VolumeDriver", false);
            return p.map(a -> volumes.computeIfAbsent(name, n -> new RemoteVolumeDriver(a)));
        } catch (EngineException e) {
            LOG.debug("{}", e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Optional<AuthorizationPlugin> authorizationPlugin(String name) {
        AuthorizationPlugin cached = authorizations.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Activated> p = find(name, "authorization", "authz", true);
        return p.map(a -> authorizations.computeIfAbsent(name, n -> new RemoteAuthorization(a)));
    }

    /**
     * The network plugin called {@code name}; its capabilities are asked once, when it is first found
     * (a plugin that cannot answer them is not kept, so the next use asks again).
     */
    @Override
    public Optional<NetworkDriver> networkDriver(String name) {
        NetworkDriver cached = networks.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Activated> p = find(name, "network", "NetworkDriver", true);
        if (p.isEmpty()) {
            return Optional.empty();
        }
        synchronized (networks) {
            cached = networks.get(name);
            if (cached == null) {
                try {
                    cached = new RemoteNetworkDriver(p.get());
                } catch (PluginClient.CallFailed e) {
                    throw EngineException.internal("error looking up network plugin " + name + ": " + e.getMessage(), e);
                }
                networks.put(name, cached);
            }
            return Optional.of(cached);
        }
    }

    @Override
    public List<String> activeNetworkDrivers() {
        return List.copyOf(new TreeSet<>(networks.keySet()));
    }

    /**
     * The activated plugin implementing {@code kind}, or empty when nothing of that name appears within
     * the bound ({@code wait}) or now.
     *
     * @throws EngineException "error looking up TYPE plugin NAME: …" when it is there but unusable
     */
    Optional<Activated> find(String name, String type, String kind, boolean wait) {
        Activated a = activated.get(name);
        if (a == null) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                Optional<PluginAddress> address = wait ? await(name, deadline) : locator.find(name);
                if (address.isEmpty()) {
                    return Optional.empty();
                }
                a = activate(name, address.get(), deadline);
            } catch (IllegalArgumentException | PluginClient.CallFailed e) {
                throw EngineException.internal("error looking up " + type + " plugin " + name + ": " + e.getMessage(), e);
            }
        }
        if (!a.implementsList().contains(kind)) {
            throw EngineException.internal("error looking up " + type + " plugin " + name + ": " + NOT_IMPLEMENTS, null);
        }
        return Optional.of(a);
    }

    private Optional<PluginAddress> await(String name, long deadline) {
        long pause = 100;
        while (true) {
            Optional<PluginAddress> address = locator.find(name);
            if (address.isPresent() || System.nanoTime() + pause * 1_000_000 > deadline) {
                return address;
            }
            LOG.warn("unable to locate plugin {}, retrying in {} ms", name, pause);
            if (!sleep(pause)) {
                return Optional.empty();
            }
            pause = Math.min(pause * 2, 2_000);
        }
    }

    /** {@code Plugin.Activate}, retried while the socket refuses connections (its server is starting). */
    private Activated activate(String name, PluginAddress address, long deadline) throws PluginClient.CallFailed {
        var client = new PluginClient(address, timeout);
        long pause = 100;
        while (true) {
            try {
                JsonNode answer = client.call("Plugin.Activate", Map.of());
                List<String> impl = new ArrayList<>();
                JsonNode list = answer.get("Implements");
                if (list == null || !list.isArray()) {
                    throw new PluginClient.CallFailed("Plugin.Activate: the answer has no Implements list");
                }
                list.forEach(n -> impl.add(n.asText()));
                Activated a = new Activated(name, client, impl);
                LOG.info("plugin {} at {} activated: implements {}", name, address.url(), impl);
                Activated raced = activated.putIfAbsent(name, a);
                return raced != null ? raced : a;
            } catch (PluginClient.CallFailed e) {
                boolean connecting = e.getMessage().contains(": dial ");
                if (!connecting || System.nanoTime() + pause * 1_000_000 > deadline || !sleep(pause)) {
                    throw e;
                }
                pause = Math.min(pause * 2, 2_000);
            }
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
