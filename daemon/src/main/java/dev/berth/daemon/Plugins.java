package dev.berth.daemon;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationProvider;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeProvider;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds drivers with {@link ServiceLoader} on the daemon's classpath plus every jar in the plugin
 * directory. A driver whose provider cannot be loaded or cannot run here is reported
 * ({@link #unavailable()}, shown by {@code docker info}) and left out, never fatal — unless it is the
 * runtime the daemon was told to use. Thread-safe: the runtime and the network drivers are made on
 * different threads at start-up.
 */
final class Plugins {
    private static final Logger LOG = LoggerFactory.getLogger(Plugins.class);

    /** Network names the engine itself provides; no driver may take them. */
    private static final List<String> BUILT_IN_NETWORK_DRIVERS = List.of("host", "null");
    private static final Pattern PROVIDER = Pattern.compile("Provider (\\S+)");

    /**
     * A driver that is not there, and why.
     *
     * @param type   {@code network} or {@code runtime}
     * @param name   the driver's name, or its provider's class when even the name could not be had
     */
    record Unavailable(String type, String name, String reason) {
        /** The line {@code docker info} prints (dockerd's warnings start so). */
        String warning() {
            return "WARNING: " + type + " driver \"" + name + "\" is not available: " + reason;
        }
    }

    private final ClassLoader loader;
    private final List<Unavailable> unavailable = new CopyOnWriteArrayList<>();

    Plugins(Path pluginDir) {
        this(loader(pluginDir));
    }

    Plugins(ClassLoader loader) {
        this.loader = loader;
    }

    private static ClassLoader loader(Path dir) {
        List<URL> jars = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
                    jars.add(p.toUri().toURL());
                }
            } catch (IOException e) {
                LOG.warn("cannot list plugin directory {}: {}", dir, e.getMessage());
            }
        }
        ClassLoader parent = Plugins.class.getClassLoader();
        return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    }

    /**
     * The runtime named {@code name}, created. Other runtime providers are only loaded (containers run
     * under one runtime): one that fails to load is reported.
     *
     * @throws EngineException when that runtime is missing or cannot run here: the daemon cannot work
     */
    RuntimeDriver runtime(String name, DriverContext context) {
        return runtime(name, name, context);
    }

    /**
     * The runtime {@code runtimeName} as provider {@code name} makes it (daemon.json's runtimes are
     * each an instance of the OCI-runtime provider); reported under {@code runtimeName}.
     */
    RuntimeDriver runtime(String name, String runtimeName, DriverContext context) {
        Map<String, RuntimeProvider> found = load(RuntimeProvider.class, "runtime", RuntimeProvider::name);
        RuntimeProvider provider = found.get(name);
        if (provider == null) {
            throw EngineException.invalid("unknown runtime: " + name + " (found: " + found.keySet() + ")");
        }
        try {
            return provider.create(context);
        } catch (RuntimeException | LinkageError e) {
            report("runtime", runtimeName, e);
            throw e instanceof EngineException ee ? ee
                    : EngineException.unavailable("runtime " + runtimeName + " failed to start: " + reason(e), e);
        }
    }

    /** Every network driver found and able to run here, by name; the others are reported. */
    Map<String, NetworkDriver> networks(DriverContext context) {
        return createAll(NetworkProvider.class, "network", NetworkProvider::name, p -> p.create(context));
    }

    /** Every volume driver found and able to run here, by name; the others are reported. */
    Map<String, VolumeDriver> volumes(DriverContext context) {
        return createAll(VolumeProvider.class, "volume", VolumeProvider::name, p -> p.create(context));
    }

    private <P, D> Map<String, D> createAll(Class<P> service, String type, Function<P, String> nameOf,
                                           Function<P, D> create) {
        Map<String, D> drivers = new LinkedHashMap<>();
        load(service, type, nameOf).forEach((name, provider) -> {
            try {
                drivers.put(name, create.apply(provider));
            } catch (RuntimeException | LinkageError e) {
                report(type, name, e);
            }
        });
        return drivers;
    }

    /**
     * The authorization plugins named, made, in the given order. Unlike drivers, a missing or failing
     * one is fatal: a daemon that serves without the policy it was told to apply lets everything in.
     *
     * @throws EngineException naming the plugin
     */
    Map<String, AuthorizationPlugin> authorization(List<String> names, DriverContext context) {
        if (names.isEmpty()) {
            return Map.of();
        }
        Map<String, AuthorizationProvider> found = load(AuthorizationProvider.class, "authorization",
                AuthorizationProvider::name);
        Map<String, AuthorizationPlugin> plugins = new LinkedHashMap<>();
        for (String name : names) {
            AuthorizationProvider provider = found.get(name);
            if (provider == null) {
                throw EngineException.invalid("authorization plugin " + name + " not found (found: " + found.keySet()
                        + ")");
            }
            try {
                plugins.put(name, provider.create(context));
            } catch (RuntimeException | LinkageError e) {
                throw EngineException.unavailable("authorization plugin " + name + " failed to start: " + reason(e), e);
            }
        }
        return plugins;
    }

    /** One network driver (for {@code berthd-net-cleanup}); thrown when it cannot run. */
    NetworkDriver network(String name, DriverContext context) {
        NetworkProvider provider = load(NetworkProvider.class, "network", NetworkProvider::name).get(name);
        if (provider == null) {
            throw EngineException.notFound("plugin \"" + name + "\" not found");
        }
        return provider.create(context);
    }

    /** What could not be loaded or created, in the order it happened. */
    List<Unavailable> unavailable() {
        return List.copyOf(unavailable);
    }

    /**
     * The providers of {@code service} by name. ServiceLoader reports a provider class it cannot load
     * or instantiate as an error on the iterator and then moves on to the next; each such error, and
     * a name taken twice or reserved, is reported, and the rest are still found.
     */
    private <P> Map<String, P> load(Class<P> service, String type, Function<P, String> nameOf) {
        Map<String, P> found = new LinkedHashMap<>();
        Iterator<P> it = ServiceLoader.load(service, loader).iterator();
        // bounded: a provider list that keeps failing at the same entry must not spin forever
        for (int attempts = 0; attempts < 1_000; attempts++) {
            P provider;
            String name;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
                name = nameOf.apply(provider);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                report(type, providerOf(e), e);
                continue;
            }
            if (type.equals("network") && BUILT_IN_NETWORK_DRIVERS.contains(name)) {
                report(type, name, "the name is built in (" + provider.getClass().getName() + ")");
            } else if (found.containsKey(name)) {
                report(type, name, "another provider has this name (" + provider.getClass().getName() + " ignored)");
            } else {
                found.put(name, provider);
            }
        }
        return found;
    }

    private void report(String type, String name, Throwable e) {
        report(type, name, reason(e));
        LOG.debug("{} driver {} unavailable", type, name, e);
    }

    private void report(String type, String name, String reason) {
        var u = new Unavailable(type, name, reason);
        unavailable.add(u);
        LOG.warn("{}", u.warning().substring("WARNING: ".length()));
    }

    /** The innermost message: ServiceLoader and class initialisation wrap the provider's own. */
    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof ServiceConfigurationError || t instanceof LinkageError
                || t.getMessage() == null)) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /** The provider class ServiceLoader names in its error ("Provider x.Y could not be instantiated"). */
    private static String providerOf(Throwable e) {
        String m = String.valueOf(e.getMessage());
        var matcher = PROVIDER.matcher(m);
        return matcher.find() ? matcher.group(1) : "(unnamed provider)";
    }
}
