package dev.berth.actors.container;

import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.AttachSession;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ExecCapable;
import dev.berth.spi.runtime.ExecSession;
import dev.berth.spi.runtime.ExecSpec;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.LogStream;
import dev.berth.spi.runtime.ResourceUsage;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeStatus;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every runtime the daemon runs (runc, and those daemon.json's {@code runtimes} names), behind one
 * {@link RuntimeDriver}: each call goes to the runtime of the container it names, as its journaled
 * {@link HostConfig#runtime()} says (the read model has it from the create on, and after a restart
 * before any container wakes). Each runtime keeps its own state directories, so an id the journal
 * does not know (a kill's leftover) is asked of every runtime that holds it.
 */
public final class RuntimeRouter implements RuntimeDriver, ExecCapable {
    private final Map<String, RuntimeDriver> drivers;
    private final String defaultName;
    private final ContainerView view;

    /**
     * @param drivers     by the name {@code --runtime} selects them; holds {@code defaultName}
     * @param defaultName the daemon's {@code default-runtime}: what a create that names none gets
     */
    public RuntimeRouter(Map<String, RuntimeDriver> drivers, String defaultName, ContainerView view) {
        if (!drivers.containsKey(defaultName)) {
            throw new IllegalArgumentException("default runtime " + defaultName + " is not among " + drivers.keySet());
        }
        this.drivers = new LinkedHashMap<>(drivers);
        this.defaultName = defaultName;
        this.view = view;
    }

    /** The runtimes by name, as made (the default among them). */
    public Map<String, RuntimeDriver> drivers() {
        return Map.copyOf(drivers);
    }

    public String defaultName() {
        return defaultName;
    }

    /**
     * The runtime a create gets: the one it names, else the default; dockerd's 400 for a name no
     * runtime has.
     */
    public String choose(String requested) {
        if (requested == null || requested.isEmpty()) {
            return defaultName;
        }
        if (!drivers.containsKey(requested)) {
            throw EngineException.invalid("unknown or invalid runtime name: " + requested);
        }
        return requested;
    }

    /** The driver of a container the journal knows; the default for one it does not. */
    private RuntimeDriver driverOf(String id) {
        String name = view.get(id).map(ContainerState::info).map(i -> i.hostConfig().runtime()).orElse(defaultName);
        RuntimeDriver driver = drivers.get(name);
        if (driver == null) {
            throw EngineException.unavailable("the runtime " + name + " of container " + id
                    + " is not configured (daemon.json runtimes) or could not start", null);
        }
        return driver;
    }

    @Override
    public String name() {
        return defaultName;
    }

    @Override
    public RunResult start(ContainerSpec spec) {
        return driverOf(spec.id()).start(spec);
    }

    @Override
    public void kill(String id, int signal) {
        driverOf(id).kill(id, signal);
    }

    /** A known container's runtime; an unknown id's state is deleted from every runtime holding it. */
    @Override
    public void delete(String id) {
        if (view.get(id).isPresent()) {
            driverOf(id).delete(id);
            return;
        }
        boolean held = false;
        for (RuntimeDriver d : drivers.values()) {
            if (d.heldIds().contains(id)) {
                d.delete(id);
                held = true;
            }
        }
        if (!held) {
            drivers.get(defaultName).delete(id);
        }
    }

    @Override
    public RuntimeStatus status(String id) {
        return driverOf(id).status(id);
    }

    @Override
    public RuntimeStatus restore(String id) {
        return driverOf(id).restore(id);
    }

    @Override
    public void setExitListener(ExitListener listener) {
        drivers.values().forEach(d -> d.setExitListener(listener));
    }

    @Override
    public LogStream openLog(String id, boolean fromEnd) throws IOException {
        return driverOf(id).openLog(id, fromEnd);
    }

    @Override
    public AttachSession attach(String id) {
        return driverOf(id).attach(id);
    }

    @Override
    public void resize(String id, int height, int width) {
        driverOf(id).resize(id, height, width);
    }

    @Override
    public void pause(String id) {
        driverOf(id).pause(id);
    }

    @Override
    public void resume(String id) {
        driverOf(id).resume(id);
    }

    @Override
    public boolean paused(String id) {
        return driverOf(id).paused(id);
    }

    @Override
    public List<Integer> processes(String id) {
        return driverOf(id).processes(id);
    }

    @Override
    public ResourceUsage usage(String id) {
        return driverOf(id).usage(id);
    }

    @Override
    public void update(String id, ContainerSpec.Resources resources) {
        driverOf(id).update(id, resources);
    }

    @Override
    public Set<String> mountOptions(String id) {
        return driverOf(id).mountOptions(id);
    }

    @Override
    public Set<String> heldIds() {
        Set<String> ids = new TreeSet<>();
        drivers.values().forEach(d -> ids.addAll(d.heldIds()));
        return ids;
    }

    @Override
    public ExecSession exec(ExecSpec spec) {
        if (driverOf(spec.containerId()) instanceof ExecCapable exec) {
            return exec.exec(spec);
        }
        throw EngineException.unavailable("exec is not supported by this runtime", null);
    }

    /** Closes every runtime; the first failure is thrown once all were tried. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (RuntimeDriver d : drivers.values()) {
            try {
                d.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
