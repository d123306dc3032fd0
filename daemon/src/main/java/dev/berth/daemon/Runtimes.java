package dev.berth.daemon;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.RuntimeDriver;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * daemon.json's {@code runtimes} and {@code --add-runtime}: OCI runtime binaries beside runc. Each is
 * an instance of the one OCI-runtime provider ({@code runc}'s: crun and its kind speak runc's CLI)
 * given the binary, its arguments and an exec root of its own ({@code <exec-root>/runtimes/<name>}),
 * so no two runtimes share a {@code --root}, exit directory or conmon state. runc keeps the exec root
 * itself, where releases before runtimes kept it.
 */
final class Runtimes {
    private static final Logger LOG = LoggerFactory.getLogger(Runtimes.class);

    static final String RUNC = "runc";
    /** A name that is also a safe directory name under the exec root. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** A configured runtime: its binary (a path, or a name looked up on PATH) and global arguments. */
    record Binary(String path, List<String> runtimeArgs) {
        Binary {
            runtimeArgs = List.copyOf(runtimeArgs);
        }
    }

    private Runtimes() {}

    /** {@code --add-runtime NAME=PATH} values as daemon.json's {@code runtimes} object. */
    static Map<String, Map<String, Object>> fromFlags(List<String> flags) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String flag : flags) {
            int eq = flag.indexOf('=');
            if (eq <= 0 || eq == flag.length() - 1) {
                throw new IllegalArgumentException("invalid --add-runtime " + flag + ": expected NAME=PATH");
            }
            out.put(flag.substring(0, eq), Map.of("path", flag.substring(eq + 1)));
        }
        return out;
    }

    /** The configured runtimes, checked as dockerd checks them. */
    static Map<String, Binary> check(Map<String, DaemonConfig.RuntimeConfig> configured, String defaultRuntime) {
        Map<String, Binary> out = new TreeMap<>();
        if (configured == null) {
            return out;
        }
        configured.forEach((name, c) -> {
            if (name.equals(RUNC) || name.equals("io.containerd.runc.v2")) {
                throw new IllegalArgumentException("runtime name '" + name + "' is reserved");
            }
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid runtime name '" + name + "': letters, digits, '_', '.' "
                        + "and '-' only");
            }
            if (c == null || c.runtimeType() != null || c.options() != null) {
                throw new IllegalArgumentException("runtimes." + name + ": runtimeType and options (containerd shims) "
                        + "are not supported by Berth yet");
            }
            if (c.path() == null || c.path().isBlank()) {
                throw new IllegalArgumentException("runtimes." + name + ": path is required");
            }
            out.put(name, new Binary(c.path(), c.runtimeArgs() == null ? List.of() : c.runtimeArgs()));
        });
        return out;
    }

    /**
     * Every runtime made: runc, each configured one, and the default if it is a provider of its own.
     * One that cannot run here is reported by {@code plugins} and left out; only the default is fatal.
     */
    static Map<String, RuntimeDriver> make(Plugins plugins, String defaultRuntime, Map<String, Binary> configured,
                                           DriverContext context) {
        Map<String, RuntimeDriver> drivers = new LinkedHashMap<>();
        boolean defaultIsProvider = !defaultRuntime.equals(RUNC) && !configured.containsKey(defaultRuntime);
        if (defaultIsProvider) {
            drivers.put(defaultRuntime, plugins.runtime(defaultRuntime, context));
        }
        made(drivers, RUNC, defaultRuntime, () -> plugins.runtime(RUNC, context));
        configured.forEach((name, binary) -> made(drivers, name, defaultRuntime,
                () -> plugins.runtime(RUNC, name, contextFor(context, name, binary))));
        return drivers;
    }

    private static void made(Map<String, RuntimeDriver> drivers, String name, String defaultRuntime,
                             Supplier<RuntimeDriver> make) {
        try {
            drivers.put(name, make.get());
        } catch (EngineException e) {
            if (name.equals(defaultRuntime)) {
                throw e;
            }
            LOG.debug("runtime {} left out", name, e);
        }
    }

    /** The OCI-runtime provider's options for one configured runtime, on its own exec root. */
    static DriverContext contextFor(DriverContext base, String name, Binary binary) {
        Map<String, String> options = new LinkedHashMap<>(base.options());
        options.put("runtime-name", name);
        options.put("runtime-path", binary.path());
        options.put("runtime-args", String.join("\n", binary.runtimeArgs()));
        return new DriverContext(base.dataRoot(), execRoot(base.execRoot(), name), options);
    }

    static Path execRoot(Path execRoot, String name) {
        return execRoot.resolve("runtimes").resolve(name);
    }
}
