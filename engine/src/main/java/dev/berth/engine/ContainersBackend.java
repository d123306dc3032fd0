package dev.berth.engine;

import dev.berth.actors.container.ContainerService;
import dev.berth.actors.network.NetworkAttacher;
import dev.berth.actors.container.RuntimeRouter;
import dev.berth.actors.container.WaitCondition;
import dev.berth.actors.image.ImageService;
import dev.berth.api.backend.AttachHandle;
import dev.berth.api.backend.ArchiveSink;
import dev.berth.api.backend.AttachOptions;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.Versioned;
import dev.berth.api.backend.ExecStartOptions;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.LogOptions;
import dev.berth.api.backend.OutputSink;
import dev.berth.api.backend.StatsSink;
import dev.berth.api.backend.StreamHandle;
import dev.berth.api.model.ContainerChange;
import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.api.model.ContainerCreateResponse;
import dev.berth.api.model.ContainerInspect;
import dev.berth.api.model.ContainerPathStat;
import dev.berth.api.model.ContainerSummary;
import dev.berth.api.model.ContainerTopResponse;
import dev.berth.api.model.ContainerUpdateRequest;
import dev.berth.api.model.ContainerUpdateResponse;
import dev.berth.api.model.ExecCreateRequest;
import dev.berth.api.model.ExecInspect;
import dev.berth.api.model.PruneReport;
import dev.berth.api.model.WaitResponse;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/** The containers router's view of the engine. */
public final class ContainersBackend implements ContainerBackend {
    private final ContainerService containers;
    private ContainerDtos dtos;
    private AsOfReads history;
    private final ContainerLogs logs;
    private final Path dataRoot;
    private final ImageService images;
    private ContainerExecs execs;
    private final ContainerFiles files;
    private NetworkAttacher attacher;
    private ContainerControl control;
    /** A create's {@code HostConfig.Runtime} to the runtime it runs under (the default for ""), or dockerd's 400. */
    private UnaryOperator<String> runtimes = ContainersBackend::runcOnly;

    private long defaultShmSize;
    private String defaultIpcMode;
    private String defaultCgroupnsMode;

    public ContainersBackend(ContainerService containers, ContainerLogs logs, Path dataRoot, Path netnsDir) {
        this(containers, null, logs, dataRoot, netnsDir);
    }

    /** @param images for the image's platform at create; null skips the platform rules */
    public ContainersBackend(ContainerService containers, ImageService images, ContainerLogs logs, Path dataRoot,
                             Path netnsDir) {
        this.containers = containers;
        this.images = images;
        this.logs = logs;
        this.dataRoot = dataRoot;
        this.dtos = new ContainerDtos(dataRoot, containers.networkView(), netnsDir,
                new MountPoints(containers.volumes()));
        this.files = new ContainerFiles(containers, dataRoot);
    }

    /** The daemon's {@code default-shm-size}: what a create without {@code ShmSize} records (0: Docker's 64 MiB). */
    /** The daemon's {@code default-ipc-mode} and {@code default-cgroupns-mode} (null: dockerd's own defaults). */
    public ContainersBackend withNamespaceDefaults(String ipcMode, String cgroupnsMode) {
        this.defaultIpcMode = ipcMode;
        this.defaultCgroupnsMode = cgroupnsMode;
        return this;
    }

    public ContainersBackend withDefaultShmSize(long bytes) {
        this.defaultShmSize = bytes;
        return this;
    }

    /** With health checks' state in inspect and ps (without it, no container shows a health). */
    public ContainersBackend withHealth(HealthMonitor monitor) {
        this.dtos = dtos.withHealth(monitor::health);
        return this;
    }

    /** With the daemon's runtimes: {@code docker run --runtime NAME} (without it, runc alone). */
    public ContainersBackend withRuntimes(RuntimeRouter router) {
        this.runtimes = router::choose;
        return this;
    }

    private static String runcOnly(String requested) {
        if (requested != null && !requested.isEmpty() && !requested.equals(HostConfig.DEFAULT_RUNTIME)) {
            throw EngineException.invalid("unknown or invalid runtime name: " + requested);
        }
        return HostConfig.DEFAULT_RUNTIME;
    }

    /** With the network side of a rename: endpoints and DNS names (without it, only the container is renamed). */
    public ContainersBackend withNetworks(NetworkAttacher attacher) {
        this.attacher = attacher;
        return this;
    }

    /** With {@code docker exec} (without it, every exec route answers that Berth cannot exec here). */
    public ContainersBackend withExecs(ContainerExecs execs) {
        this.execs = execs;
        return this;
    }

    @Override
    public String execCreate(String ref, ExecCreateRequest request) {
        return execs().create(ref, request);
    }

    @Override
    public ExecInspect execInspect(String execId) {
        return execs().inspect(execId);
    }

    @Override
    public AttachHandle execStart(String execId, ExecStartOptions options, OutputSink sink) {
        return execs().start(execId, options, sink);
    }

    @Override
    public void execResize(String execId, int height, int width) {
        execs().resize(execId, height, width);
    }

    private ContainerExecs execs() {
        if (execs == null) {
            throw EngineException.unavailable("exec is not supported by Berth yet", null);
        }
        return execs;
    }

    @Override
    public ContainerCreateResponse create(String name, ContainerCreateRequest request) {
        return create(name, null, request);
    }

    @Override
    public ContainerCreateResponse create(String name, String platform, ContainerCreateRequest request) {
        return create(name, platform, request, false);
    }

    @Override
    public ContainerCreateResponse create(String name, String platform, ContainerCreateRequest request,
                                          boolean readOnlyBindsNonRecursive) {
        if (request == null || request.image() == null || request.image().isEmpty()) {
            throw EngineException.invalid("config cannot be empty in order to create a container");
        }
        List<String> warnings = List.of();
        if (images != null && request.image() != null && !request.image().isEmpty()) {
            // A missing image is the create's own 404 below ("No such image"); only a present one has a platform.
            var imageId = images.find(request.image());
            if (imageId.isPresent()) {
                warnings = CreatePlatform.check(request.image(), platform,
                        CreatePlatform.of(images.get(imageId.get())), dev.berth.registry.Platform.host());
            } else if (platform != null && !platform.isBlank()) {
                dev.berth.registry.Platform.parse(platform); // a malformed platform is a 400 before the 404
            }
        }
        String runtime = runtimes.apply(request.hostConfig() == null ? null : request.hostConfig().runtime());
        HostConfig parsed = HostConfigs.parse(request.hostConfig(), Runtime.getRuntime().availableProcessors(),
                logs.daemonLog());
        // as dockerd, the daemon's default-shm-size, default-ipc-mode and default-cgroupns-mode are written into a
        // container created without its own
        var given = request.hostConfig();
        var builder = parsed.toBuilder().runtime(runtime)
                .shmSize(parsed.shmSize() == 0 ? defaultShmSize : parsed.shmSize());
        if (defaultIpcMode != null && (given == null || given.ipcMode() == null || given.ipcMode().isEmpty())) {
            builder.ipcMode(defaultIpcMode);
        }
        if (defaultCgroupnsMode != null && (given == null || given.cgroupnsMode() == null || given.cgroupnsMode().isEmpty())
                && !(parsed.privileged() && !HostFacts.cgroupVersion().equals("2"))) {
            builder.cgroupnsMode(defaultCgroupnsMode); // a privileged container on cgroup v1 keeps the host's, as there
        }
        HostConfig host = builder.build();
        if (readOnlyBindsNonRecursive) {
            host = host.withMounts(host.binds().stream().map(b -> b.readOnly() ? b.readOnlyNonRecursive() : b).toList(),
                    host.volumes());
        }
        String id = containers.create(name, ContainerDtos.config(request), host,
                ContainerDtos.endpoints(request.networkingConfig()));
        List<String> all = new ArrayList<>(HostConfigs.warnings(host, warnings));
        all.addAll(HostConfigs.blkio(request.hostConfig()).warnings());
        return new ContainerCreateResponse(id, all);
    }

    @Override
    public void start(String ref) {
        containers.start(ref);
    }

    @Override
    public void stop(String ref, String signal, Integer timeoutSeconds) {
        containers.stop(ref, signal, timeoutSeconds);
    }

    @Override
    public void restart(String ref, String signal, Integer timeoutSeconds) {
        containers.restart(ref, signal, timeoutSeconds);
    }

    @Override
    public void kill(String ref, String signal) {
        containers.kill(ref, signal);
    }

    @Override
    public CompletionStage<WaitResponse> await(String ref, String condition) {
        return containers.await(ref, WaitCondition.parse(condition)).thenApply(code -> new WaitResponse(code, null));
    }

    @Override
    public void remove(String ref, boolean force, boolean removeVolumes) {
        containers.remove(ref, force, removeVolumes);
    }

    @Override
    public void rename(String ref, String newName) {
        if (newName == null || newName.isEmpty()) {
            throw EngineException.invalid("Neither old nor new names may be empty");
        }
        String id = containers.view().resolve(ref).info().id();
        containers.rename(ref, newName);
        if (attacher != null) {
            attacher.rename(id, newName); // a running container's endpoints and DNS names follow
        }
    }

    @Override
    public List<ContainerSummary> list(boolean all, int limit, boolean size, Filters filters) {
        List<ContainerSummary> out = new ArrayList<>();
        for (ContainerState s : selected(all, limit, filters)) {
            Long rw = size ? sizeRw(s.info().id()) : null;
            out.add(dtos.summary(s, rw, size ? rw + containers.imageSize(s.info().imageId()) : null));
        }
        return out;
    }

    @Override
    public List<Versioned<ContainerSummary>> listing(boolean all, int limit, Filters filters) {
        Instant now = Instant.now();
        List<Versioned<ContainerSummary>> out = new ArrayList<>();
        for (ContainerState s : selected(all, limit, filters)) {
            out.add(dtos.listed(s, now));
        }
        return out;
    }

    /** What a list shows, newest first: running ones unless {@code all}, a limit or a filter asks for more. */
    private List<ContainerState> selected(boolean all, int limit, Filters filters) {
        var filter = ContainerFilter.of(filters, containers.view(), ref -> containers.imageIdOrNull(ref), dtos::healthWord);
        boolean everything = all || limit > 0 || filter.selectsStopped();
        // Select first, then sort what is left: `ps` of a few running among thousands stays cheap.
        List<ContainerState> states = new ArrayList<>();
        for (ContainerState s : containers.view().all()) {
            // a restarting container is running for dockerd's `ps` too
            boolean up = s instanceof ContainerState.Running || ContainerDtos.restarting(s);
            if ((everything || up) && filter.test(s)
                    && (!filter.needsSummary() || filter.test(dtos.summary(s, null, null)))) {
                states.add(s);
            }
        }
        return newestFirst(states, limit);
    }

    private record Created(long nanos, ContainerState state) {}

    /** Sorted by creation, newest first, cut at {@code limit} (> 0); each time read once, not at every compare. */
    private static List<ContainerState> newestFirst(List<ContainerState> states, int limit) {
        Created[] keyed = new Created[states.size()];
        for (int k = 0; k < keyed.length; k++) {
            Instant t = states.get(k).info().created();
            keyed[k] = new Created(t.getEpochSecond() * 1_000_000_000L + t.getNano(), states.get(k));
        }
        java.util.Arrays.sort(keyed, (a, b) -> Long.compare(b.nanos(), a.nanos()));
        int n = limit > 0 ? Math.min(limit, keyed.length) : keyed.length;
        List<ContainerState> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(keyed[k].state());
        }
        return out;
    }

    @Override
    public int count() {
        return containers.view().size();
    }

    @Override
    public ContainerInspect inspect(String ref, boolean size) {
        ContainerState s = containers.get(ref);
        Long rw = size ? sizeRw(s.info().id()) : null;
        return dtos.inspect(s, rw, size ? rw + containers.imageSize(s.info().imageId()) : null);
    }

    @Override
    public Versioned<ContainerInspect> inspection(String ref) {
        return dtos.inspection(containers.get(ref));
    }

    /** With objects as of an earlier time ({@code at=}); without it, {@code at} is refused. */
    public ContainersBackend withHistory(AsOfReads history) {
        this.history = history;
        return this;
    }

    private AsOfReads history() {
        if (history == null) {
            throw EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
        }
        return history;
    }

    @Override
    public ContainerInspect inspectAt(String ref, Instant at) {
        AsOfReads.Container c = history().container(ref, at);
        return dtosAt(c, at).inspect(c.state(), null, null);
    }

    @Override
    public List<ContainerSummary> listAt(boolean all, int limit, Instant at) {
        List<ContainerSummary> out = new ArrayList<>();
        for (AsOfReads.Container c : history().containers(at)) {
            ContainerState s = c.state();
            boolean up = s instanceof ContainerState.Running || ContainerDtos.restarting(s);
            if (all || limit > 0 || up) {
                out.add(dtosAt(c, at).summary(s, null, null, at));
            }
            if (limit > 0 && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    /** The renderer over the container's networks and health as they were at {@code at}. */
    private ContainerDtos dtosAt(AsOfReads.Container c, Instant at) {
        return dtos.asOf(history.networksOf(c.state(), at), name -> history.volumeConfig(name, at), i -> c.health());
    }

    @Override
    public StreamHandle logs(String ref, LogOptions options, OutputSink sink) {
        return logs.logs(containers.get(ref).info().id(), options, sink);
    }

    @Override
    public dev.berth.api.backend.AttachHandle attach(String ref, AttachOptions options, OutputSink sink) {
        return logs.attach(containers.get(ref).info().id(), options, sink);
    }

    @Override
    public void resize(String ref, int height, int width) {
        logs.resize(containers.get(ref).info().id(), height, width);
    }

    /** Wires top, stats, pause, unpause and update (without it they answer 503). */
    public ContainersBackend withControl(ContainerControl control) {
        this.control = control;
        return this;
    }

    private ContainerControl control() {
        if (control == null) {
            throw EngineException.unavailable("container control is not wired", null);
        }
        return control;
    }

    @Override
    public ContainerTopResponse top(String ref, String psArgs) {
        return control().top(ref, psArgs);
    }

    @Override
    public StreamHandle stats(String ref, boolean stream, boolean oneShot, StatsSink sink) {
        return control().stats(ref, stream, oneShot, sink);
    }

    @Override
    public void pause(String ref) {
        control().pause(ref);
    }

    @Override
    public void unpause(String ref) {
        control().unpause(ref);
    }

    @Override
    public ContainerUpdateResponse update(String ref, ContainerUpdateRequest request) {
        return control().update(ref, request, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public ContainerPathStat statPath(String ref, String path) {
        return files.stat(ref, path);
    }

    @Override
    public void archive(String ref, String path, ArchiveSink sink) {
        files.archive(ref, path, sink);
    }

    @Override
    public void extract(String ref, String path, boolean noOverwriteDirNonDir, boolean copyUIDGID, InputStream tar) {
        files.extract(ref, path, noOverwriteDirNonDir, copyUIDGID, tar);
    }

    @Override
    public List<ContainerChange> changes(String ref) {
        return files.changes(ref);
    }

    @Override
    public void export(String ref, ArchiveSink sink) {
        files.export(ref, sink);
    }

    @Override
    public PruneReport prune(Filters filters) {
        PruneFilters filter = PruneFilters.of(filters, Instant.now());
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (ContainerState s : containers.view().all()) {
            if (s instanceof ContainerState.Running || s instanceof ContainerState.Starting
                    || !filter.test(s.info().created(), s.info().config().labels())) {
                continue;
            }
            long size = sizeRw(s.info().id());
            try {
                containers.remove(s.info().id(), false);
                deleted.add(s.info().id());
                reclaimed += size;
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.NOT_FOUND && e.kind() != ErrorKind.CONFLICT) {
                    throw e;
                }
            }
        }
        return new PruneReport(deleted, reclaimed);
    }

    /** Bytes written in the container's own layer. */
    private long sizeRw(String id) {
        Path upper = dataRoot.resolve("containers").resolve(id).resolve("overlay").resolve("diff");
        if (!Files.isDirectory(upper)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(upper)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
