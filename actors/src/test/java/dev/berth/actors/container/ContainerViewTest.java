package dev.berth.actors.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lookups by id, name and id prefix, Docker's order, as containers are created, renamed and removed. */
class ContainerViewTest {
    private final ContainerView view = new ContainerView();

    private static ContainerState created(String id, String name) {
        var config = new ContainerConfig("busybox", "", "", "", List.of(), List.of("true"), List.of(), "/", Map.of(),
                List.of(), List.of(), false, false, null, null);
        return new ContainerState.Created(new ContainerInfo(id.repeat(64), name, Instant.EPOCH,
                "sha256:" + "a".repeat(64), List.of(), config, HostConfig.builder().build(), null, null, 0, false, "", 0,
                List.of()));
    }

    private ContainerState put(ContainerState s) {
        view.update(s.info().id(), s);
        return s;
    }

    private ContainerState renamed(ContainerState s, String to) {
        return s.apply(new ContainerEvent.Renamed(Instant.EPOCH, s.info().name(), to));
    }

    @Test
    void resolve_byIdNameSlashNameOrPrefix_findsTheContainer() {
        ContainerState web = put(created("a", "web"));
        put(created("b", "db"));
        assertThat(view.resolve("a".repeat(64))).isSameAs(web);
        assertThat(view.resolve("web")).isSameAs(web);
        assertThat(view.resolve("/web")).isSameAs(web);
        assertThat(view.resolve("aaa")).isSameAs(web);
    }

    @Test
    void resolve_afterRename_findsTheNewNameOnly() {
        ContainerState web = put(created("a", "web"));
        ContainerState front = put(renamed(web, "front"));
        assertThat(view.resolve("front")).isSameAs(front);
        assertThatThrownBy(() -> view.resolve("web")).isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void resolve_nameFreedAndTakenByAnother_findsTheNewHolder() {
        ContainerState a = put(created("a", "web"));
        ContainerState b = put(created("b", "db"));
        put(renamed(a, "old"));
        ContainerState b2 = put(renamed(b, "web"));
        assertThat(view.resolve("web")).isSameAs(b2);
        // the first one's rename arriving after the second took the name must not drop the second's entry
        view.update(a.info().id(), renamed(renamed(a, "old"), "older"));
        assertThat(view.resolve("web")).isSameAs(b2);
    }

    @Test
    void resolve_removed_isNotFound() {
        ContainerState web = put(created("a", "web"));
        view.update(web.info().id(), new ContainerState.Removed(web.info()));
        assertThatThrownBy(() -> view.resolve("web")).isInstanceOf(EngineException.class)
                .hasMessage("No such container: web");
        put(created("b", "web"));
        assertThat(view.resolve("web").info().id()).isEqualTo("b".repeat(64));
    }

    @Test
    void resolve_nameThatIsAlsoAnotherIdPrefix_prefersTheName() {
        put(created("a", "web"));
        ContainerState named = put(created("b", "aaaa"));
        assertThat(view.resolve("aaaa")).isSameAs(named);
    }
}
