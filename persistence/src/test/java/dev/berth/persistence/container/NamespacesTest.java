package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --group-add and the namespace options as HostConfig journals and checks them. */
class NamespacesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void groupAdd_journaledAsGiven_absentInOlderJournalsIsNone() throws Exception {
        HostConfig h = HostConfig.builder().groupAdd(List.of("audio", "1234")).build();
        ObjectNode written = JSON.valueToTree(h);
        assertThat(written.get("groupAdd").toString()).isEqualTo("[\"audio\",\"1234\"]");
        assertThat(JSON.treeToValue(written, HostConfig.class)).isEqualTo(h);
        written.remove("groupAdd");
        assertThat(JSON.treeToValue(written, HostConfig.class).groupAdd()).isEmpty();
    }

    @Test
    void cgroupns_hostPrivateOrDefault_othersDockerdsWords() {
        assertThat(HostConfig.defaults().cgroupnsMode()).isEmpty();
        assertThat(HostConfig.builder().cgroupnsMode("private").build().cgroupnsMode()).isEqualTo("private");
        assertThat(HostConfig.builder().cgroupnsMode("host").build().cgroupnsMode()).isEqualTo("host");
        assertThatThrownBy(() -> HostConfig.builder().cgroupnsMode("shared").build())
                .hasMessage("invalid cgroup namespace mode: shared");
    }

    @Test
    void link_parse_dockersFormsAndWords() {
        assertThat(Link.parse("db")).isEqualTo(new Link("db", "db"));
        assertThat(Link.parse("db:data")).isEqualTo(new Link("db", "data"));
        assertThat(Link.parse("/db:/web/data")).isEqualTo(new Link("db", "data"));
        assertThat(new Link("db", "data").render("web")).isEqualTo("/db:/web/data");
        assertThatThrownBy(() -> Link.parse("")).hasMessage("empty string specified for links");
        assertThatThrownBy(() -> Link.parse("a:b:c")).hasMessage("bad format for links: a:b:c");
    }
}
