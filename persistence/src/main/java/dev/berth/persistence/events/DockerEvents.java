package dev.berth.persistence.events;

import dev.berth.persistence.CalledBy;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.plugin.PluginEvent;
import dev.berth.persistence.volume.VolumeConfig;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How a journaled event reads as Docker's {@code /events}: zero, one or several {@link DockerEvent}s,
 * with the attributes dockerd would give them.
 *
 * <ul>
 *   <li>container ({@code container|<id>}): Created → {@code create}; Started → {@code start};
 *       SignalSent and StopRequested → {@code kill} (signal); Exited → {@code oom} if OOM-killed,
 *       {@code die} (exitCode, execDuration), then {@code stop} if the run was being stopped;
 *       Renamed → {@code rename} (oldName); Removed → {@code destroy}; ExecCreated →
 *       {@code exec_create: <cmd>} and ExecStarted → {@code exec_start: <cmd>} (execID), ExecDied →
 *       {@code exec_die} (execID, exitCode); ArchiveRead → {@code archive-path}, ArchiveExtracted →
 *       {@code extract-to-dir} (docker cp); Paused → {@code pause}; Unpaused → {@code unpause};
 *       Updated → {@code update}; HealthChanged → {@code health_status: healthy|unhealthy}. StartRequested and
 *       StartFailed read as nothing. Every one carries the container's labels, {@code image} and
 *       {@code name}.</li>
 *   <li>image ({@code image|sha256:…}): Stored from {@code import} → {@code import}; Removed →
 *       {@code delete}. Other sources read as nothing here: a pull, load or build reports itself
 *       through the workflow that knows the reference.</li>
 *   <li>tag directory ({@code image-tags}): Tagged → {@code tag}, Untagged → {@code untag}, on the
 *       image, named by the familiar reference. A tag moved off an image reads as nothing for that
 *       image, as in Docker.</li>
 *   <li>volume ({@code volume|<name>}): Created → {@code create}; Mounted → {@code mount} (container,
 *       destination, read/write, propagation); Unmounted → {@code unmount} (container); Removed →
 *       {@code destroy}; each with {@code driver}, the actor being the volume's name. Used and
 *       Released read as nothing, as dockerd reports no event when a container takes a reference.</li>
 *   <li>plugins ({@code plugins}): Enabled → {@code enable} (version, source); Disabled →
 *       {@code disable} (reason); LoadFailed → Berth's own {@code load_failure} (version, source,
 *       reason); each with {@code name} and {@code type} (the driver kind, or {@code jar}), the actor
 *       being the plugin's name.</li>
 *   <li>anything else (the name directory): nothing.</li>
 * </ul>
 */
public final class DockerEvents {
    /** Berth's own plugin action (dockerd has none): a plugin that could not be loaded or made. */
    public static final String PLUGIN_LOAD_FAILURE = "load_failure";
    /** The attribute, and its value, on an event the engine caused by itself ({@link CalledBy#ENGINE}). */
    public static final String BY = "berth.by";
    public static final String ENGINE = "engine";

    /**
     * @param stateBefore the persistence id's state before {@code event}: {@link ContainerState} for
     *                    container events, {@link ImageState} for image events (null = empty);
     *                    not needed for tag events
     */
    public static List<DockerEvent> map(String persistenceId, long sequenceNr, Object event, Object stateBefore) {
        return map(persistenceId, sequenceNr, event, stateBefore, imageId -> Map.of());
    }

    /**
     * As {@link #map(String, long, Object, Object)}, with image labels for tag events (dockerd puts
     * the image's labels on every image event).
     *
     * @param imageLabels image id → its labels (empty when unknown)
     */
    public static List<DockerEvent> map(String persistenceId, long sequenceNr, Object event, Object stateBefore,
                                        Function<String, Map<String, String>> imageLabels) {
        List<DockerEvent> mapped = mapUncalled(persistenceId, sequenceNr, event, stateBefore, imageLabels);
        if (!(event instanceof CalledBy<?> called) || called.caller() == null || mapped.isEmpty()) {
            return mapped;
        }
        // who asked: Berth's extra Actor.Attributes (docs/EVENTS.md), after Docker's own so none is overridden;
        // the engine's own caller has no part and says so
        Map<String, String> asked = called.caller().attributes();
        Map<String, String> who = asked.isEmpty() ? Map.of(BY, ENGINE) : asked;
        return mapped.stream().map(d -> {
            Map<String, String> attributes = new HashMap<>(who);
            attributes.putAll(d.attributes());
            return new DockerEvent(d.type(), d.action(), d.actorId(), attributes, d.time(), d.persistenceId(),
                    d.sequenceNr(), d.offset(), d.index());
        }).toList();
    }

    private static List<DockerEvent> mapUncalled(String persistenceId, long sequenceNr, Object event,
                                                 Object stateBefore, Function<String, Map<String, String>> imageLabels) {
        if (event instanceof ContainerEvent e) {
            var before = stateBefore instanceof ContainerState s ? s : ContainerState.empty();
            return container(persistenceId, sequenceNr, e, before);
        }
        if (event instanceof ImageEvent e) {
            var before = stateBefore instanceof ImageState s ? s : ImageState.empty();
            return image(persistenceId, sequenceNr, e, before);
        }
        if (event instanceof TagEvent e) {
            return tag(persistenceId, sequenceNr, e, imageLabels);
        }
        if (event instanceof NetworkEvent e) {
            var before = stateBefore instanceof NetworkState s ? s : NetworkState.empty();
            return network(persistenceId, sequenceNr, e, before);
        }
        if (event instanceof VolumeEvent e) {
            var before = stateBefore instanceof VolumeState s ? s : VolumeState.empty();
            return volume(persistenceId, sequenceNr, e, before);
        }
        if (event instanceof PluginEvent e) {
            return List.of(plugin(persistenceId, sequenceNr, e));
        }
        return List.of();
    }

    /** Berth's plugins as dockerd's plugin events: the actor is the plugin's name; the event carries all. */
    private static DockerEvent plugin(String pid, long seq, PluginEvent event) {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("name", event.name());
        attributes.put("type", event.pluginType());
        String action;
        if (event instanceof PluginEvent.Enabled e) {
            action = "enable";
            attributes.put("version", e.version());
            attributes.put("source", e.source());
        } else if (event instanceof PluginEvent.LoadFailed e) {
            action = PLUGIN_LOAD_FAILURE;
            attributes.put("version", e.version());
            attributes.put("source", e.source());
            attributes.put("reason", e.reason());
        } else {
            action = "disable";
            attributes.put("reason", ((PluginEvent.Disabled) event).reason());
        }
        return new DockerEvent(DockerEvent.PLUGIN, action, event.name(), attributes, event.at(), pid, seq);
    }

    private static List<DockerEvent> volume(String pid, long seq, VolumeEvent event, VolumeState before) {
        VolumeConfig config;
        if (event instanceof VolumeEvent.Created c) {
            config = c.config();
        } else if (before instanceof VolumeState.Active a) {
            config = a.config();
        } else {
            return List.of();
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("driver", config.driver());
        String action;
        if (event instanceof VolumeEvent.Created) {
            action = "create";
        } else if (event instanceof VolumeEvent.Mounted m) {
            action = "mount";
            attributes.put("container", m.mount().containerId());
            attributes.put("destination", m.mount().destination());
            attributes.put("read/write", Boolean.toString(m.mount().readWrite()));
            attributes.put("propagation", m.mount().propagation());
        } else if (event instanceof VolumeEvent.Unmounted u) {
            action = "unmount";
            attributes.put("container", u.containerId());
        } else if (event instanceof VolumeEvent.Removed) {
            action = "destroy";
        } else {
            return List.of(); // Used, Released
        }
        return List.of(new DockerEvent(DockerEvent.VOLUME, action, config.name(), attributes, event.at(), pid, seq));
    }

    /** Docker's network events: create, connect, disconnect, destroy; attributes name and type (driver). */
    private static List<DockerEvent> network(String pid, long seq, NetworkEvent event, NetworkState before) {
        if (event instanceof NetworkEvent.Readdressed || event instanceof NetworkEvent.EndpointRenamed
                || event instanceof NetworkEvent.EndpointPortsSet) {
            return List.of(); // dockerd has no network event for its default bridge's address, a rename, or ports moved
        }
        NetworkConfig config;
        if (event instanceof NetworkEvent.Created c) {
            config = c.config();
        } else if (before instanceof NetworkState.Active a) {
            config = a.config();
        } else {
            return List.of();
        }
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("name", config.name());
        attributes.put("type", config.driver());
        String action;
        if (event instanceof NetworkEvent.Created) {
            action = "create";
        } else if (event instanceof NetworkEvent.EndpointJoined j) {
            action = "connect";
            attributes.put("container", j.endpoint().containerId());
        } else if (event instanceof NetworkEvent.EndpointLeft l) {
            action = "disconnect";
            attributes.put("container", l.containerId());
        } else {
            action = "destroy";
        }
        return List.of(new DockerEvent(DockerEvent.NETWORK, action, config.id(), Map.copyOf(attributes), event.at(),
                pid, seq));
    }

    /** Docker's familiar form of a canonical reference: {@code docker.io/library/busybox:1} → {@code busybox:1}. */
    public static String familiar(String reference) {
        if (reference.startsWith("docker.io/library/")) {
            return reference.substring("docker.io/library/".length());
        }
        if (reference.startsWith("docker.io/")) {
            return reference.substring("docker.io/".length());
        }
        return reference;
    }

    private static List<DockerEvent> container(String pid, long seq, ContainerEvent event, ContainerState before) {
        var c = new ContainerEvents(pid, seq, event, before);
        if (event instanceof ContainerEvent.Created) {
            return List.of(c.docker("create", Map.of()));
        }
        if (event instanceof ContainerEvent.Started) {
            return List.of(c.docker("start", Map.of()));
        }
        if (event instanceof ContainerEvent.SignalSent s) {
            return List.of(c.docker("kill", Map.of("signal", Integer.toString(s.signal()))));
        }
        if (event instanceof ContainerEvent.StopRequested s) {
            return List.of(c.docker("kill", Map.of("signal", Integer.toString(s.signal()))));
        }
        if (event instanceof ContainerEvent.Exited x) {
            return c.exited(x);
        }
        if (event instanceof ContainerEvent.Renamed r) {
            // dockerd reports the old name as stored, with its leading slash.
            return List.of(c.docker("rename", Map.of("oldName", "/" + r.oldName())));
        }
        if (event instanceof ContainerEvent.Removed) {
            return List.of(c.docker("destroy", Map.of()));
        }
        if (event instanceof ContainerEvent.ExecCreated x) {
            return List.of(c.docker("exec_create: " + execCommand(x.command()), Map.of("execID", x.execId())));
        }
        if (event instanceof ContainerEvent.ExecStarted x) {
            return List.of(c.docker("exec_start: " + execCommand(x.command()), Map.of("execID", x.execId())));
        }
        if (event instanceof ContainerEvent.ExecDied x) {
            return List.of(c.docker("exec_die", Map.of("execID", x.execId(), "exitCode", Integer.toString(x.exitCode()))));
        }
        if (event instanceof ContainerEvent.ArchiveRead) {
            return List.of(c.docker("archive-path", Map.of()));
        }
        if (event instanceof ContainerEvent.ArchiveExtracted) {
            return List.of(c.docker("extract-to-dir", Map.of()));
        }
        if (event instanceof ContainerEvent.Paused) {
            return List.of(c.docker("pause", Map.of()));
        }
        if (event instanceof ContainerEvent.Unpaused) {
            return List.of(c.docker("unpause", Map.of()));
        }
        if (event instanceof ContainerEvent.Updated) {
            return List.of(c.docker("update", Map.of()));
        }
        if (event instanceof ContainerEvent.HealthChanged h) {
            return List.of(c.docker("health_status: " + h.status().word(), Map.of()));
        }
        return List.of(); // StartRequested, StartFailed
    }

    /** dockerd's "entrypoint args…": the program, a space, the arguments (so a bare program ends in a space). */
    private static String execCommand(List<String> command) {
        return command.get(0) + " " + String.join(" ", command.subList(1, command.size()));
    }

    /** One container event's context: its id, and the config and name it is reported with. */
    private static final class ContainerEvents {
        private final String pid;
        private final long seq;
        private final ContainerEvent event;
        private final ContainerState before;
        private final String id;
        private final String name;
        private final String image;
        private final Map<String, String> labels;

        ContainerEvents(String pid, long seq, ContainerEvent event, ContainerState before) {
            this.pid = pid;
            this.seq = seq;
            this.event = event;
            this.before = before;
            ContainerInfo info = before.info();
            if (event instanceof ContainerEvent.Created created) {
                id = created.id();
                name = created.name();
                image = created.config().image();
                labels = created.config().labels();
            } else if (info != null) {
                id = info.id();
                name = event instanceof ContainerEvent.Renamed r ? r.newName() : info.name();
                image = info.config().image();
                labels = info.config().labels();
            } else {
                // No Created seen (a journal that starts mid-life): report what the id says.
                id = idOf(pid);
                name = event instanceof ContainerEvent.Renamed r ? r.newName() : "";
                image = "";
                labels = Map.of();
            }
        }

        DockerEvent docker(String action, Map<String, String> extra) {
            var attributes = new HashMap<>(labels);
            attributes.putAll(extra);
            // As dockerd: labels first, then image and name, which a label cannot override.
            attributes.put("image", image);
            attributes.put("name", stripSlash(name));
            return new DockerEvent(DockerEvent.CONTAINER, action, id, attributes, event.at(), pid, seq);
        }

        List<DockerEvent> exited(ContainerEvent.Exited x) {
            Instant startedAt = before.info() == null ? null : before.info().startedAt();
            long seconds = startedAt == null || before instanceof ContainerState.Starting
                    ? 0 : Math.max(0, Duration.between(startedAt, x.at()).getSeconds());
            var die = docker("die", Map.of("exitCode", Integer.toString(x.exitCode()),
                    "execDuration", Long.toString(seconds)));
            boolean stopping = before instanceof ContainerState.Running run && run.stopping();
            if (x.oomKilled() && stopping) {
                return List.of(docker("oom", Map.of()), die, docker("stop", Map.of()));
            }
            if (x.oomKilled()) {
                return List.of(docker("oom", Map.of()), die);
            }
            if (stopping) {
                return List.of(die, docker("stop", Map.of()));
            }
            return List.of(die);
        }
    }

    private static List<DockerEvent> image(String pid, long seq, ImageEvent event, ImageState before) {
        if (event instanceof ImageEvent.Stored s) {
            if ("load".equals(s.source())) {
                return List.of(imageEvent("load", s.id(), s.id(), s.labels(), s.at(), pid, seq));
            }
            if (!"import".equals(s.source())) {
                return List.of(); // a pull is reported by its Pulled event, as docker reports it once
            }
            return List.of(imageEvent("import", s.id(), s.id(), s.labels(), s.at(), pid, seq));
        }
        if (event instanceof ImageEvent.Pulled p) {
            // dockerd names the actor by the reference pulled or pushed, not by the image id.
            Map<String, String> labels = before instanceof ImageState.Present present ? present.image().labels() : Map.of();
            return List.of(imageEvent(p.action(), p.reference(), p.reference(), labels, p.at(), pid, seq));
        }
        if (event instanceof ImageEvent.Removed r) {
            String id = idOf(pid);
            Map<String, String> labels = Map.of();
            if (before instanceof ImageState.Present p) {
                id = p.image().id();
                labels = p.image().labels();
            }
            return List.of(imageEvent("delete", id, id, labels, r.at(), pid, seq));
        }
        return List.of();
    }

    private static List<DockerEvent> tag(String pid, long seq, TagEvent event,
                                         Function<String, Map<String, String>> imageLabels) {
        String action = event instanceof TagEvent.Tagged ? "tag" : "untag";
        Map<String, String> labels = imageLabels.apply(event.imageId());
        return List.of(imageEvent(action, event.imageId(), familiar(event.reference()),
                labels == null ? Map.of() : labels, event.at(), pid, seq));
    }

    private static DockerEvent imageEvent(String action, String imageId, String name, Map<String, String> labels,
                                          Instant at, String pid, long seq) {
        var attributes = new HashMap<>(labels);
        attributes.put("name", name);
        return new DockerEvent(DockerEvent.IMAGE, action, imageId, attributes, at, pid, seq);
    }

    /** {@code container|abc} → {@code abc}. */
    private static String idOf(String persistenceId) {
        int bar = persistenceId.indexOf('|');
        return bar < 0 ? persistenceId : persistenceId.substring(bar + 1);
    }

    private static String stripSlash(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private DockerEvents() {}
}
