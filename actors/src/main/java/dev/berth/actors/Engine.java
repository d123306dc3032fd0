package dev.berth.actors;

import dev.berth.actors.container.ContainerEntity;
import dev.berth.actors.container.ContainerRegistry;
import dev.berth.actors.container.ContainerRuntime;
import dev.berth.actors.container.ContainerService;
import dev.berth.actors.container.ContainerView;
import dev.berth.actors.image.ImageRegistry;
import dev.berth.actors.image.ImageService;
import dev.berth.actors.image.ImageTags;
import dev.berth.actors.image.ImageView;
import dev.berth.actors.names.ContainerNames;
import dev.berth.actors.support.Ask;
import dev.berth.actors.support.LiveEvents;
import dev.berth.image.ContentStore;
import dev.berth.image.Importer;
import dev.berth.persistence.Tags;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.image.TagState;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as the daemon sees it: the entity parents, the read models rebuilt from the journal,
 * and the services the API backends call. Start-up order: read models from the journal first, then
 * the containers that were running are woken so they re-adopt their processes; the rest wake lazily.
 */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private final ContainerService containers;
    private final ImageService images;
    private final LiveEvents live;

    private Engine(ContainerService containers, ImageService images, LiveEvents live) {
        this.containers = containers;
        this.images = images;
        this.live = live;
    }

    public ContainerService containers() {
        return containers;
    }

    public ImageService images() {
        return images;
    }

    public LiveEvents live() {
        return live;
    }

    /** Spawns the entity parents on {@code system} (a guardian-less system: uses systemActorOf). */
    public static Engine start(ActorSystem<?> system, ContainerRuntime runtime, ContentStore content, Importer importer)
            throws Exception {
        var containerView = new ContainerView();
        var imageView = new ImageView();
        var live = new LiveEvents();
        long t0 = System.nanoTime();
        int events = rebuild(system, containerView, imageView);
        LOG.info("read models rebuilt from {} journal events in {} ms: {} containers, {} images", events,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), containerView.size(), imageView.size());

        Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
        var names = system.systemActorOf(supervised(ContainerNames.create(s -> { })), "container-names",
                org.apache.pekko.actor.typed.Props.empty());
        var deps = new ContainerEntity.Deps(runtime, blocking, containerView, live, names);
        var containerRegistry = system.systemActorOf(ContainerRegistry.create(deps), "containers",
                org.apache.pekko.actor.typed.Props.empty());
        var imageRegistry = system.systemActorOf(ImageRegistry.create(imageView, live), "images",
                org.apache.pekko.actor.typed.Props.empty());
        var tags = system.systemActorOf(supervised(ImageTags.create(imageView, live)), "image-tags",
                org.apache.pekko.actor.typed.Props.empty());
        runtime.setExitListener((id, status) -> containerRegistry.tell(new ContainerRegistry.Envelope(id,
                new dev.berth.actors.container.ContainerCommand.RuntimeExited(status))));

        var ask = new Ask(system, Duration.ofSeconds(60));
        var imageService = new ImageService(imageRegistry, tags, imageView, content, importer, ask);
        var containerService = new ContainerService(containerRegistry, names, containerView, imageService, ask);

        for (ContainerState s : containerView.all()) {
            if (s instanceof ContainerState.Running || s instanceof ContainerState.Starting) {
                // Any message wakes the entity; its recovery then reconciles with the runtime.
                containerRegistry.tell(new ContainerRegistry.Envelope(s.info().id(),
                        new dev.berth.actors.container.ContainerCommand.Wait("not-running", system.ignoreRef())));
            }
        }
        return new Engine(containerService, imageService, live);
    }

    private static <T> org.apache.pekko.actor.typed.Behavior<T> supervised(org.apache.pekko.actor.typed.Behavior<T> b) {
        return Behaviors.supervise(b).onFailure(SupervisorStrategy.restartWithBackoff(
                Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
    }

    /** Folds the whole journal (tag {@link Tags#ALL}) into the read models. */
    private static int rebuild(ActorSystem<?> system, ContainerView containers, ImageView images) throws Exception {
        JdbcReadJournal journal = PersistenceQuery.get(system)
                .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        Map<String, ContainerState> cs = new HashMap<>();
        Map<String, ImageState> is = new HashMap<>();
        TagState[] tags = {TagState.empty()};
        int[] count = {0};
        journal.currentEventsByTag(Tags.ALL, Offset.noOffset())
                .runWith(Sink.foreach(env -> {
                    count[0]++;
                    String pid = env.persistenceId();
                    Object e = env.event();
                    if (e instanceof ContainerEvent ce) {
                        cs.put(pid, cs.getOrDefault(pid, ContainerState.empty()).apply(ce));
                    } else if (e instanceof ImageEvent ie) {
                        is.put(pid, is.getOrDefault(pid, ImageState.empty()).apply(ie));
                    } else if (e instanceof TagEvent te) {
                        tags[0] = tags[0].apply(te);
                    }
                }), system)
                .toCompletableFuture().get(10, TimeUnit.MINUTES);
        cs.values().forEach(s -> {
            if (s.info() != null) {
                containers.update(s.info().id(), s);
            }
        });
        is.forEach((pid, s) -> images.image(pid.substring(pid.indexOf('|') + 1), s));
        images.tags(tags[0]);
        return count[0];
    }
}
