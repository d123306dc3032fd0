package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.image.Snapshotter;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.network.Sandboxes;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.LogStream;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up reconciliation on real overlay mounts and real network namespaces (as root, as berthd runs):
 * what a kill between a journaled fact and its clean-up leaves is cleaned from the journal's truth, and
 * nothing a running container or a pending network detach still needs is touched. Only the runtime is
 * a stand-in that holds state for the ids it is told and records deletes.
 */
class LeftoversTest {
    private static final String GONE = "a".repeat(64);
    private static final String STOPPED = "b".repeat(64);
    private static final String RUNNING = "c".repeat(64);

    @TempDir
    Path dataRoot;
    @TempDir
    Path execRoot;

    private Snapshotter snapshotter;
    private Sandboxes sandboxes;
    private final HeldRuntime runtime = new HeldRuntime();
    private final Map<String, ContainerState> journal = new HashMap<>();

    @BeforeEach
    void setUp() {
        snapshotter = new Snapshotter(dataRoot);
        sandboxes = Sandboxes.bindMounted(execRoot.resolve("netns"));
    }

    @AfterEach
    void tearDown() {
        for (String id : List.of(GONE, STOPPED, RUNNING)) {
            snapshotter.unmount(id);
            sandboxes.delete(id);
        }
    }

    @Test
    void removedContainer_losesRuntimeStateMountNamespaceAndBundle() throws IOException {
        leaveBehind(GONE);

        var cleaned = leftovers().clean(this::state, Set.of(), id -> false);

        assertThat(cleaned).containsExactly(new Leftovers.Cleaned(GONE, true,
                List.of("runtime state", "rootfs mount", "network namespace", "bundle directory")));
        assertThat(runtime.deleted).containsExactly(GONE);
        assertThat(mountsUnder(dataRoot)).isEmpty();
        assertThat(mountsUnder(execRoot)).isEmpty();
        assertThat(dataRoot.resolve("containers").resolve(GONE)).doesNotExist();
        assertThat(cleaned.get(0)).hasToString(
                "container aaaaaaaaaaaa (removed): runtime state, rootfs mount, network namespace, bundle directory");
    }

    @Test
    void stoppedContainer_keepsItsBundleAndLog_losesTheRest() throws IOException {
        leaveBehind(STOPPED);
        journal.put(STOPPED, new ContainerState.Stopped(info(STOPPED), false));

        var cleaned = leftovers().clean(this::state, Set.of(), id -> false);

        assertThat(cleaned).containsExactly(new Leftovers.Cleaned(STOPPED, false,
                List.of("runtime state", "rootfs mount", "network namespace")));
        assertThat(mountsUnder(dataRoot)).isEmpty();
        assertThat(dataRoot.resolve("containers").resolve(STOPPED).resolve("container.log")).hasContent("hello\n");
        assertThat(snapshotter.upperDir(STOPPED).resolve("written")).exists();
    }

    @Test
    void runningContainer_isLeftToItsEntity() throws IOException {
        leaveBehind(RUNNING);
        journal.put(RUNNING, new ContainerState.Running(info(RUNNING), 4242, false, false));

        assertThat(leftovers().clean(this::state, Set.of(RUNNING), id -> false)).isEmpty();
        assertThat(leftovers().clean(this::state, Set.of(), id -> false)).as("running in the journal").isEmpty();

        assertThat(runtime.deleted).isEmpty();
        assertThat(snapshotter.isMounted(RUNNING)).isTrue();
        assertThat(sandboxes.exists(RUNNING)).isTrue();
    }

    @Test
    void namespaceOfAnEndpointStillJournaled_staysForNetworkRestore() throws IOException {
        leaveBehind(GONE);

        var cleaned = leftovers().clean(this::state, Set.of(), GONE::equals);

        assertThat(cleaned.get(0).what()).doesNotContain("network namespace");
        assertThat(sandboxes.exists(GONE)).isTrue();
        assertThat(snapshotter.isMounted(GONE)).isFalse();
    }

    @Test
    void aCleanHost_isLeftAlone() {
        journal.put(STOPPED, new ContainerState.Stopped(info(STOPPED), true));

        assertThat(leftovers().clean(this::state, Set.of(), id -> false)).isEmpty();
        assertThat(runtime.deleted).isEmpty();
    }

    @Test
    void secondStart_findsNothingMore() throws IOException {
        leaveBehind(GONE);
        leftovers().clean(this::state, Set.of(), id -> false);

        assertThat(leftovers().clean(this::state, Set.of(), id -> false)).isEmpty();
    }

    private Leftovers leftovers() {
        return new Leftovers(runtime, snapshotter, sandboxes, dataRoot);
    }

    private Optional<ContainerState> state(String id) {
        return Optional.ofNullable(journal.get(id));
    }

    /** What a container has on the host mid-run: rootfs mounted and written to, a log, a netns, runtime state. */
    private void leaveBehind(String id) throws IOException {
        Path rootfs = snapshotter.mount(id, List.of());
        Files.writeString(rootfs.resolve("written"), "x");
        Files.writeString(dataRoot.resolve("containers").resolve(id).resolve("container.log"), "hello\n");
        sandboxes.create(id);
        runtime.held.add(id);
        assertThat(snapshotter.isMounted(id)).isTrue();
    }

    private static List<String> mountsUnder(Path root) throws IOException {
        String prefix = root.toAbsolutePath() + "/";
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .map(l -> l.split(" ")[4]).filter(m -> m.startsWith(prefix)).toList();
    }

    private static ContainerInfo info(String id) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        return new ContainerInfo(id, "web", Instant.EPOCH, "sha256:" + "a".repeat(64), List.of(), config,
                HostConfig.builder().networkMode("none").build(), null, null, 0, false, "", 0, List.of());
    }

    /** A runtime that holds state for the ids in {@link #held} until deleted. */
    private static final class HeldRuntime implements RuntimeDriver {
        final Set<String> held = new TreeSet<>();
        final List<String> deleted = new ArrayList<>();

        @Override
        public Set<String> heldIds() {
            return Set.copyOf(held);
        }

        @Override
        public void delete(String id) {
            held.remove(id);
            deleted.add(id);
        }

        @Override
        public String name() {
            return "held";
        }

        @Override
        public RunResult start(ContainerSpec spec) {
            throw new UnsupportedOperationException("not started here");
        }

        @Override
        public void kill(String id, int signal) {
            throw new UnsupportedOperationException("not killed here");
        }

        @Override
        public RuntimeStatus status(String id) {
            return new RuntimeStatus.Missing();
        }

        @Override
        public RuntimeStatus restore(String id) {
            return new RuntimeStatus.Missing();
        }

        @Override
        public void setExitListener(ExitListener listener) {
        }

        @Override
        public LogStream openLog(String id, boolean fromEnd) {
            throw new UnsupportedOperationException("no logs here");
        }

        @Override
        public void close() {
        }
    }
}
