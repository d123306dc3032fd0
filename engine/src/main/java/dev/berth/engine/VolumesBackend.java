package dev.berth.engine;

import dev.berth.actors.volume.VolumeService;
import dev.berth.api.backend.Filters;
import dev.berth.api.backend.VolumeBackend;
import dev.berth.api.model.Volume;
import dev.berth.api.model.VolumeCreateRequest;
import dev.berth.api.model.VolumeListResponse;
import dev.berth.api.model.VolumePruneReport;
import dev.berth.persistence.volume.VolumeConfig;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.EngineException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The volumes router's view of the engine: Docker's volume shapes over {@link VolumeService}. */
public final class VolumesBackend implements VolumeBackend {
    private final VolumeService volumes;
    private AsOfReads history;

    public VolumesBackend(VolumeService volumes) {
        this.volumes = volumes;
    }

    @Override
    public VolumeListResponse list(Filters filters) {
        Predicate<VolumeState.Active> filter = filter(filters);
        return new VolumeListResponse(volumes.list().stream().filter(filter)
                .sorted(Comparator.comparing((VolumeState.Active v) -> v.config().name()))
                .map(this::volume).toList(), List.of());
    }

    /** {@code volume ls} filters, as dockerd reads them (the API checked the keys). */
    private static Predicate<VolumeState.Active> filter(Filters f) {
        Boolean dangling = dangling(f);
        return v -> {
            VolumeConfig c = v.config();
            if (f.has("name") && f.get("name").stream().noneMatch(x -> matches(x, c.name()))) {
                return false;
            }
            if (f.has("driver") && f.get("driver").stream().noneMatch(x -> x.equals(c.driver()))) {
                return false;
            }
            if (f.has("label") && !f.get("label").stream().allMatch(l -> ContainerFilter.hasLabel(c.labels(), l))) {
                return false;
            }
            return dangling == null || dangling == !v.inUse();
        };
    }

    /** dockerd's filters.Match: the value is a regular expression found in the name; an invalid one matches nothing. */
    private static boolean matches(String value, String name) {
        try {
            return Pattern.compile(value).matcher(name).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    private static Boolean dangling(Filters f) {
        if (!f.has("dangling")) {
            return null;
        }
        boolean any = false;
        boolean value = false;
        for (String d : f.get("dangling")) {
            switch (d.toLowerCase(Locale.ROOT)) {
                case "true", "1" -> value = true;
                case "false", "0" -> value = false;
                default -> throw EngineException.invalid("invalid filter 'dangling=" + d + "'");
            }
            any = true;
        }
        return any ? value : null;
    }

    @Override
    public Volume inspect(String name) {
        return volume(volumes.inspect(name));
    }

    /** With objects as of an earlier time ({@code at=}); without it, {@code at} is refused. */
    public VolumesBackend withHistory(AsOfReads reads) {
        this.history = reads;
        return this;
    }

    @Override
    public Volume inspectAt(String name, Instant at) {
        if (history == null) {
            throw EngineException.invalid("query parameter \"at\" is not supported by Berth yet");
        }
        return volume(history.volume(name, at));
    }

    @Override
    public Volume create(VolumeCreateRequest request) {
        return volume(volumes.create(request.name(), request.driver(), request.driverOpts(), request.labels()));
    }

    @Override
    public void remove(String name, boolean force) {
        volumes.remove(name, force);
    }

    @Override
    public VolumePruneReport prune(Filters filters, boolean all) {
        PruneFilters prune = PruneFilters.of(filters, Instant.now());
        VolumeService.Pruned pruned = volumes.prune(all, c -> prune.test(Instant.MIN, c.labels()));
        return new VolumePruneReport(pruned.names(), pruned.bytes());
    }

    @Override
    public List<Volume> usage() {
        return volumes.list().stream()
                .sorted(Comparator.comparing((VolumeState.Active v) -> v.config().name()))
                .map(v -> volume(v).withUsage(new Volume.UsageData(volumes.size(v.config()), v.references().size())))
                .toList();
    }

    private Volume volume(VolumeState.Active v) {
        VolumeConfig c = v.config();
        return new Volume(v.created().truncatedTo(ChronoUnit.SECONDS).toString(), c.driver(), c.labels(),
                volumes.mountpoint(c), c.name(), c.options(), volumes.scope(c), null);
    }
}
