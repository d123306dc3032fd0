package dev.berth.actors.container;

import dev.berth.image.Snapshotter;
import dev.berth.persistence.container.ContainerState;
import dev.berth.spi.network.Sandboxes;
import dev.berth.spi.runtime.RuntimeDriver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up reconciliation of what containers leave on the host, from the journal's truth. An entity
 * journals first and cleans up after (a removal journals {@code Removed}, then deletes runc state,
 * unmounts the rootfs and deletes the bundle; an exit journals {@code Exited}, then cleans up): a
 * daemon killed in between leaves the host ahead of nothing. Before the API serves, every id the host
 * holds something for (a bundle directory, runtime state, a network namespace) is compared with the
 * journal: a container that is gone loses all of it; one that exists but does not run keeps its bundle
 * directory (config, log, writable layer) and loses the rest. Containers the journal says run or start
 * are left to their entities, which ask the runtime and clean up after an exit themselves.
 */
public final class Leftovers {
    private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");

    /** What one container had left on the host, all of it cleaned. */
    public record Cleaned(String id, boolean gone, List<String> what) {
        public Cleaned {
            what = List.copyOf(what);
        }

        @Override
        public String toString() {
            return "container " + id.substring(0, 12) + (gone ? " (removed)" : " (not running)") + ": "
                    + String.join(", ", what);
        }
    }

    private final RuntimeDriver runtime;
    private final Snapshotter snapshotter;
    private final Sandboxes sandboxes;
    private final Path containersDir;

    public Leftovers(RuntimeDriver runtime, Snapshotter snapshotter, Sandboxes sandboxes, Path dataRoot) {
        this.runtime = runtime;
        this.snapshotter = snapshotter;
        this.sandboxes = sandboxes;
        this.containersDir = dataRoot.resolve("containers");
    }

    /**
     * Cleans what containers that are gone or not running left behind.
     *
     * @param journal     a container's state in the journal; empty when it was removed or never created
     * @param owned       ids whose entities reconcile themselves (running or starting in the journal)
     * @param hasEndpoint ids the journal still has network endpoints for: their namespaces stay until
     *                    network restore has detached them (CNI-style DEL needs the namespace)
     * @return one entry per container something was cleaned for. A failure is logged, never fatal:
     *         what could not be cleaned stays for the next start to try again
     */
    public List<Cleaned> clean(Function<String, Optional<ContainerState>> journal, Set<String> owned,
                               Predicate<String> hasEndpoint) {
        Set<String> held = runtime.heldIds();
        Set<String> namespaces = sandboxes.ids();
        Set<String> ids = new TreeSet<>(bundleIds());
        ids.addAll(held);
        namespaces.stream().filter(id -> ID.matcher(id).matches()).forEach(ids::add);
        List<Cleaned> out = new ArrayList<>();
        for (String id : ids) {
            if (owned.contains(id)) {
                continue;
            }
            Optional<ContainerState> state = journal.apply(id);
            if (state.isPresent() && (state.get() instanceof ContainerState.Running
                    || state.get() instanceof ContainerState.Starting)) {
                continue;
            }
            boolean gone = state.isEmpty() || state.get() instanceof ContainerState.Removed
                    || state.get() instanceof ContainerState.None;
            List<String> what = new ArrayList<>();
            try {
                clean(id, gone, held.contains(id), !hasEndpoint.test(id) && namespaces.contains(id), what);
            } catch (RuntimeException e) {
                LOG.warn("start-up reconciliation: container {}: cleaning {} failed after {}: {}", id,
                        gone ? "a removed container" : "a container that does not run", what, e.getMessage());
                continue;
            }
            if (!what.isEmpty()) {
                out.add(new Cleaned(id, gone, what));
            }
        }
        return out;
    }

    private void clean(String id, boolean gone, boolean runtimeState, boolean namespace, List<String> what) {
        if (runtimeState) {
            // runc delete --force: also ends a process or a conmon still there, and removes exit files
            runtime.delete(id);
            what.add("runtime state");
        }
        if (snapshotter.isMounted(id)) {
            snapshotter.unmount(id);
            what.add("rootfs mount");
        }
        if (namespace) {
            sandboxes.delete(id);
            what.add("network namespace");
        }
        Path bundle = containersDir.resolve(id);
        if (gone && Files.exists(bundle)) {
            snapshotter.remove(id);
            deleteTree(bundle);
            what.add("bundle directory");
        }
    }

    private Set<String> bundleIds() {
        if (!Files.isDirectory(containersDir)) {
            return Set.of();
        }
        try (Stream<Path> dirs = Files.list(containersDir)) {
            return dirs.map(p -> p.getFileName().toString()).filter(n -> ID.matcher(n).matches())
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + containersDir, e);
        }
    }

    /** Deletes without following links; the rootfs was unmounted first, so nothing mounted is walked. */
    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
