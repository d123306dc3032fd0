package dev.berth.daemon;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.authz.AuthorizationPlugin;
import dev.berth.spi.authz.AuthorizationProvider;
import dev.berth.daemon.sinks.EventSinks;
import dev.berth.daemon.sinks.SinkConfig;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkProvider;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.lookup.DriverLookupProvider;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.NetworkProvider;
import dev.berth.spi.volume.VolumeDriver;
import dev.berth.spi.volume.VolumeProvider;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds drivers with {@link ServiceLoader} on the daemon's classpath (the built-in ones) and in every
 * jar of the plugin directory, each jar in its own class loader ({@link PluginJars}). A driver whose
 * provider cannot be loaded or cannot run here is reported
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
     * @param type   {@code network}, {@code volume}, {@code runtime}, or {@code jar} for a jar refused as a whole
     * @param name   the driver's name, its provider's class when even the name could not be had, or the jar's
     *               file name
     */
    record Unavailable(String type, String name, String reason) {
        /** The line {@code docker info} prints (dockerd's warnings start so). */
        String warning() {
            return type.equals("jar") ? "WARNING: plugin jar \"" + name + "\" is not loaded: " + reason
                    : type.equals(EVENT_SINK) ? "WARNING: event sink \"" + name + "\" is not available: " + reason
                    : "WARNING: " + type + " driver \"" + name + "\" is not available: " + reason;
        }
    }

    /**
     * A driver found, for {@code berth plugin ls} and the journal: made ({@value #ENABLED}), only loaded
     * ({@value #AVAILABLE}: a runtime or authorization plugin nobody asked for) or not usable
     * ({@value #FAILED}, with the reason). A jar refused as a whole has its file name as name and
     * type {@code jar}.
     *
     * @param source  {@value #BUILT_IN} or the jar's file name
     * @param version the jar's {@code Implementation-Version}, Berth's version for a built-in one, or ""
     */
    record Found(String type, String name, String version, String source, String status, String reason) {
        static final String ENABLED = "enabled";
        static final String AVAILABLE = "available";
        static final String FAILED = "failed";
    }

    static final String BUILT_IN = "built-in";
    static final String EVENT_SINK = "event-sink";

    /** Where providers come from: the daemon's own class path first, then each loadable jar. */
    private record Source(String name, String version, ClassLoader loader) {
    }

    private final List<Source> sources = new ArrayList<>();
    private final List<Unavailable> unavailable = new CopyOnWriteArrayList<>();
    private final Map<String, Found> found = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final Map<Object, Source> origins = Collections.synchronizedMap(new IdentityHashMap<>());

    Plugins(Path pluginDir) {
        ClassLoader daemon = Plugins.class.getClassLoader();
        sources.add(new Source(BUILT_IN, BuildInfo.VERSION, daemon));
        for (PluginJars.Jar jar : PluginJars.open(pluginDir, daemon)) {
            if (jar.loader() == null) {
                record(new Found("jar", jar.file(), jar.version(), jar.file(), Found.FAILED, jar.refusal()));
                unavailable.add(new Unavailable("jar", jar.file(), jar.refusal()));
                LOG.warn("plugin jar {} not loaded: {}", jar.file(), jar.refusal());
            } else {
                sources.add(new Source(jar.file(), jar.version(), jar.loader()));
            }
        }
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
        found.forEach((n, p) -> {
            if (!n.equals(name)) {
                record("runtime", n, p, Found.AVAILABLE, null);
            }
        });
        try {
            RuntimeDriver driver = provider.create(context);
            record("runtime", runtimeName, provider, Found.ENABLED, null);
            return driver;
        } catch (RuntimeException | LinkageError e) {
            report("runtime", runtimeName, provider, e);
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
                record(type, name, provider, Found.ENABLED, null);
            } catch (RuntimeException | LinkageError e) {
                report(type, name, provider, e);
            }
        });
        return drivers;
    }

    /**
     * The authorization plugins named, made, in the given order. Unlike drivers, a missing or failing
     * one is fatal: a daemon that serves without the policy it was told to apply lets everything in.
     * The others found are listed as available.
     *
     * @throws EngineException naming the plugin
     */
    Map<String, AuthorizationPlugin> authorization(List<String> names, DriverContext context, DriverLookup lookup) {
        Map<String, AuthorizationProvider> found = load(AuthorizationProvider.class, "authorization",
                AuthorizationProvider::name);
        Map<String, AuthorizationPlugin> plugins = new LinkedHashMap<>();
        for (String name : names) {
            AuthorizationProvider provider = found.get(name);
            if (provider == null) {
                // not a Java plugin: a Docker plugin socket of that name, if one appears within the lookup's bound
                var remote = lookup.authorizationPlugin(name);
                if (remote.isPresent()) {
                    plugins.put(name, remote.get());
                    continue;
                }
                throw EngineException.invalid("authorization plugin " + name + " not found (found: " + found.keySet()
                        + ")");
            }
            try {
                plugins.put(name, provider.create(context));
                record("authorization", name, provider, Found.ENABLED, null);
            } catch (RuntimeException | LinkageError e) {
                throw EngineException.unavailable("authorization plugin " + name + " failed to start: " + reason(e), e);
            }
        }
        found.forEach((n, p) -> {
            if (!plugins.containsKey(n)) {
                record("authorization", n, p, Found.AVAILABLE, null);
            }
        });
        return plugins;
    }

    /**
     * Every {@link DriverLookupProvider} found, made, as one lookup asking each in turn; one that cannot
     * run here is reported like a driver.
     */
    DriverLookup lookups(DriverContext context) {
        return new Lookups(createAll(DriverLookupProvider.class, "lookup", DriverLookupProvider::name,
                p -> p.create(context)).values());
    }

    /**
     * A sink for each {@code event-sinks} entry, made by the provider its type names. One whose type no
     * provider has, or whose provider fails to load or make it, is reported and left out; providers no
     * entry names are listed as available.
     *
     * @throws IllegalArgumentException when a provider refuses an entry's options (INVALID_ARGUMENT): the
     *     configuration is wrong, and berthd does not start
     */
    List<EventSinks.Made> eventSinks(List<SinkConfig> configs, Path dataRoot) {
        Map<String, EventSinkProvider> found = load(EventSinkProvider.class, EVENT_SINK, EventSinkProvider::name);
        List<EventSinks.Made> made = new ArrayList<>();
        for (SinkConfig c : configs) {
            EventSinkProvider provider = found.get(c.type());
            if (provider == null) {
                report(EVENT_SINK, c.name(), sources.get(0), "no event sink of type \"" + c.type() + "\" (found: "
                        + found.keySet() + ")");
                continue;
            }
            try {
                made.add(new EventSinks.Made(c, provider.create(new EventSinkContext(c.name(), dataRoot, c.options()))));
                record(EVENT_SINK, c.name(), provider, Found.ENABLED, null);
            } catch (EngineException e) {
                if (e.kind() == ErrorKind.INVALID_ARGUMENT) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
                report(EVENT_SINK, c.name(), provider, e);
            } catch (RuntimeException | LinkageError e) {
                report(EVENT_SINK, c.name(), provider, e);
            }
        }
        found.forEach((n, p) -> {
            if (configs.stream().noneMatch(c -> c.type().equals(n))) {
                record(EVENT_SINK, n, p, Found.AVAILABLE, null);
            }
        });
        return made;
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

    /** Every driver found (built in or from a jar) and every jar refused, in the order they were found. */
    List<Found> found() {
        return order.stream().map(found::get).toList();
    }

    /**
     * The providers of {@code service} by name, from every source in turn. ServiceLoader reports a
     * provider class it cannot load or instantiate as an error on the iterator and then moves on to the
     * next; each such error, and a name taken twice or reserved, is reported, and the rest are still found.
     */
    private <P> Map<String, P> load(Class<P> service, String type, Function<P, String> nameOf) {
        Map<String, P> providers = new LinkedHashMap<>();
        for (Source source : sources) {
            Iterator<P> it = ServiceLoader.load(service, source.loader()).iterator();
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
                    report(type, providerOf(e), source, e);
                    continue;
                }
                if (type.equals("network") && BUILT_IN_NETWORK_DRIVERS.contains(name)) {
                    report(type, name, source, "the name is built in (" + provider.getClass().getName() + ")");
                } else if (providers.containsKey(name)) {
                    report(type, name, source,
                            "another provider has this name (" + provider.getClass().getName() + " ignored)");
                } else {
                    providers.put(name, provider);
                    origins.put(provider, source);
                }
            }
        }
        return providers;
    }

    private void record(String type, String name, Object provider, String status, String reason) {
        Source source = origins.getOrDefault(provider, sources.get(0));
        record(new Found(type, name, source.version(), source.name(), status, reason));
    }

    private void record(Found f) {
        String key = f.type() + "/" + f.name() + "/" + f.source();
        // the first standing of a driver from one source is the one that counts (a later load repeats it)
        if (found.putIfAbsent(key, f) == null) {
            order.add(key);
        }
    }

    private void report(String type, String name, Object provider, Throwable e) {
        report(type, name, origins.getOrDefault(provider, sources.get(0)), e);
    }

    private void report(String type, String name, Source source, Throwable e) {
        report(type, name, source, reason(e));
        LOG.debug("{} driver {} unavailable", type, name, e);
    }

    private void report(String type, String name, Source source, String reason) {
        record(new Found(type, name, source.version(), source.name(), Found.FAILED, reason));
        // docker info's warning names the jar, so a user knows which file to replace
        String where = source.name().equals(BUILT_IN) ? "" : " (" + source.name() + ")";
        var u = new Unavailable(type, name, reason + where);
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
