package dev.berth.engine;

import dev.berth.actors.container.ContainerView;
import dev.berth.api.backend.Filters;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.spi.EngineException;
import dev.berth.api.model.ContainerSummary;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Docker's {@code ps} filters (the API checked the keys): id, name, label, status, ancestor, exited, health,
 * before, since, is-task and isolation on the container's state; network, volume, publish and expose on what
 * the list shows of it ({@link #test(ContainerSummary)}).
 */
final class ContainerFilter implements Predicate<ContainerState> {
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");
    private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy", "none");

    private final Filters filters;
    private final Function<String, String> imageIds;
    private final Instant before;
    private final Instant since;
    private final Function<ContainerInfo, String> health;
    private final Set<String> published;
    private final Set<String> exposed;

    private ContainerFilter(Filters filters, Function<String, String> imageIds, Instant before, Instant since,
                            Function<ContainerInfo, String> health) {
        this.filters = filters;
        this.published = ports("publish", filters);
        this.exposed = ports("expose", filters);
        this.health = health;
        this.imageIds = imageIds;
        this.before = before;
        this.since = since;
    }

    /** @throws EngineException INVALID_ARGUMENT for an unknown status, NOT_FOUND for before/since */
    static ContainerFilter of(Filters f, ContainerView view, Function<String, String> imageIds) {
        return of(f, view, imageIds, i -> "none");
    }

    /** @param health a container's health word ({@code starting}, {@code healthy}, {@code unhealthy}, {@code none}) */
    static ContainerFilter of(Filters f, ContainerView view, Function<String, String> imageIds,
                              Function<ContainerInfo, String> health) {
        for (String h : f.get("health")) {
            if (!HEALTH.contains(h)) {
                throw EngineException.invalid("Unrecognised filter value for health: " + h);
            }
        }
        for (String s : f.get("status")) {
            if (!STATUSES.contains(s)) {
                throw EngineException.invalid("invalid filter 'status=" + s + "'");
            }
        }
        for (String e : f.get("exited")) {
            if (!e.matches("-?\\d+")) {
                throw EngineException.invalid("invalid filter 'exited=" + e + "'");
            }
        }
        Set<String> task = f.get("is-task");
        if (f.has("is-task") && (task.contains("true") || task.contains("1")) == (task.contains("false")
                || task.contains("0"))) {
            throw EngineException.invalid("invalid filter 'is-task=" + task + "'");
        }
        Instant before = f.get("before").stream().findFirst().map(r -> view.resolve(r).info().created()).orElse(null);
        Instant since = f.get("since").stream().findFirst().map(r -> view.resolve(r).info().created()).orElse(null);
        return new ContainerFilter(f, imageIds, before, since, health);
    }

    /** Status and exited filters look at stopped containers even without {@code -a}. */
    boolean selectsStopped() {
        return filters.has("exited") || filters.get("status").stream().anyMatch(s -> !s.equals("running"));
    }

    @Override
    public boolean test(ContainerState s) {
        var i = s.info();
        if (filters.has("id") && filters.get("id").stream().noneMatch(p -> i.id().startsWith(p))) {
            return false;
        }
        if (filters.has("name") && filters.get("name").stream().noneMatch(n -> matchesName(i.name(), n))) {
            return false;
        }
        if (filters.has("status") && !filters.get("status").contains(s.status())) {
            return false;
        }
        if (filters.has("exited")) {
            if (!(s instanceof ContainerState.Stopped)
                    || filters.get("exited").stream().noneMatch(e -> Integer.parseInt(e) == i.exitCode())) {
                return false;
            }
        }
        if (filters.has("label") && !filters.get("label").stream().allMatch(l -> hasLabel(i.config().labels(), l))) {
            return false;
        }
        if (filters.has("ancestor") && filters.get("ancestor").stream().noneMatch(a -> isAncestor(i, a))) {
            return false;
        }
        if (filters.has("health") && !filters.get("health").contains(health.apply(i))) {
            return false;
        }
        if (before != null && !i.created().isBefore(before)) {
            return false;
        }
        if (filters.has("is-task") && (filters.get("is-task").contains("true") || filters.get("is-task").contains("1"))) {
            return false; // no container here is a swarm task
        }
        if (filters.has("isolation") && filters.get("isolation").stream().noneMatch(v -> matches("default", v))) {
            return false; // Linux has one isolation, "default" (the create refuses any other)
        }
        return since == null || i.created().isAfter(since);
    }

    /** Whether the filters need the listed form of a container ({@link #test(ContainerSummary)}). */
    boolean needsSummary() {
        return filters.has("network") || filters.has("volume") || !published.isEmpty() || !exposed.isEmpty();
    }

    /**
     * The filters on what {@code ps} shows: a network by name or id prefix, a volume by name, a bind by its
     * source, either by its destination, and a port by its published or container number ({@code 80},
     * {@code 8000-8080/udp}).
     */
    boolean test(ContainerSummary c) {
        if (filters.has("network") && filters.get("network").stream().noneMatch(n ->
                c.networkSettings().networks().containsKey(n) || c.networkSettings().networks().values().stream()
                        .anyMatch(e -> e.networkId() != null && !e.networkId().isEmpty() && e.networkId().startsWith(n)))) {
            return false;
        }
        if (filters.has("volume") && filters.get("volume").stream().noneMatch(v -> c.mounts().stream().anyMatch(m ->
                v.equals(m.destination()) || v.equals(m.name() == null || m.name().isEmpty() ? m.source() : m.name())))) {
            return false;
        }
        if (!published.isEmpty() || !exposed.isEmpty()) {
            return c.ports().stream().anyMatch(p -> (p.publicPort() != null
                    && published.contains(p.publicPort() + "/" + p.type()))
                    || exposed.contains(p.privatePort() + "/" + p.type()));
        }
        return true;
    }

    /** {@code publish}/{@code expose} values as "port/proto" keys; a range stands for each port in it. */
    private static Set<String> ports(String key, Filters f) {
        Set<String> out = new HashSet<>();
        for (String value : f.get(key)) {
            if (value.contains(":")) {
                throw EngineException.invalid("filter for '" + key + "' should not contain ':': " + value);
            }
            try {
                out.addAll(dev.berth.engine.build.Ports.expand(value));
            } catch (EngineException e) {
                throw EngineException.invalid("error while looking up for " + key + " " + value + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** dockerd's Match: the value as a regular expression found in the text, or equal to it. */
    private static boolean matches(String text, String value) {
        if (text.equals(value)) {
            return true;
        }
        try {
            return java.util.regex.Pattern.compile(value).matcher(text).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    private boolean isAncestor(dev.berth.persistence.container.ContainerInfo i, String ancestor) {
        if (ancestor.equals(i.config().image())) {
            return true;
        }
        String id = imageIds.apply(ancestor);
        return id != null && id.equals(i.imageId());
    }

    /** Docker matches names as a regular expression against "/name". */
    private static boolean matchesName(String name, String pattern) {
        try {
            return java.util.regex.Pattern.compile(pattern).matcher("/" + name).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            return ("/" + name).contains(pattern);
        }
    }

    static boolean hasLabel(Map<String, String> labels, String filter) {
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
