package dev.berth.persistence.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCursorTest {

    @Test
    void parse_offsetAlone_isAfterTheWholeEntry() {
        assertThat(EventCursor.parse("42")).isEqualTo(new EventCursor(42, Integer.MAX_VALUE));
        assertThat(EventCursor.parse("42").text()).isEqualTo("42");
        assertThat(EventCursor.parse("0")).isEqualTo(EventCursor.START);
    }

    @Test
    void parse_offsetAndIndex_roundTrips() {
        assertThat(EventCursor.parse("42.1")).isEqualTo(new EventCursor(42, 1));
        assertThat(EventCursor.parse("42.1").text()).isEqualTo("42.1");
    }

    @Test
    void parse_malformed_namesTheText() {
        for (String bad : new String[] {"", "-1", "abc", "4.", ".4", "1.2.3", "99999999999999999999"}) {
            assertThatThrownBy(() -> EventCursor.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid cursor \"" + bad + "\"");
        }
    }

    @Test
    void isAfter_ordersByOffsetThenIndex() {
        DockerEvent e = new DockerEvent("image", "tag", "sha256:x", Map.of(), Instant.EPOCH, "image-tags", 3).at(7, 1);
        assertThat(e.isAfter(null)).isTrue();
        assertThat(e.isAfter(EventCursor.parse("6"))).isTrue();
        assertThat(e.isAfter(EventCursor.parse("7.0"))).isTrue();
        assertThat(e.isAfter(EventCursor.parse("7.1"))).isFalse();
        assertThat(e.isAfter(EventCursor.parse("7"))).isFalse();
        assertThat(e.isAfter(EventCursor.parse("8"))).isFalse();
    }
}
