package dev.berth.cli.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListFormatTest {
    private static final String PS_TABLE =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    private static final Map<String, Object> HEADERS = Map.of("ID", "CONTAINER ID", "Image", "IMAGE",
            "Command", "COMMAND", "RunningFor", "CREATED", "Status", "STATUS", "Ports", "PORTS", "Names", "NAMES");

    @Test
    void render_psTableWithoutRows_printsDockersHeader() {
        assertThat(ListFormat.render(PS_TABLE, List.of(), HEADERS))
                .isEqualTo("CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n");
    }

    @Test
    void render_psTableWithRow_alignsColumns() {
        Row r = new Row("ContainerContext", Map.of("ID", "0123456789ab", "Image", "alpine", "Command", "\"sleep 100\"",
                "RunningFor", "2 seconds ago", "Status", "Up 1 second", "Ports", "", "Names", "web"));
        assertThat(ListFormat.render(PS_TABLE, List.of(r), HEADERS)).isEqualTo(
                "CONTAINER ID   IMAGE     COMMAND       CREATED         STATUS        PORTS     NAMES\n"
                        + "0123456789ab   alpine    \"sleep 100\"   2 seconds ago   Up 1 second             web\n");
    }

    @Test
    void render_plainTemplate_oneLinePerRow() {
        Row a = new Row("C", Map.of("ID", "a", "Names", "x"));
        Row b = new Row("C", Map.of("ID", "b", "Names", "y"));
        assertThat(ListFormat.render("{{.ID}}\\t{{.Names}}", List.of(a, b), HEADERS)).isEqualTo("a\tx\nb\ty\n");
    }

    @Test
    void render_jsonDot_sortsKeysAndEscapesHtml() {
        Row a = new Row("C", Map.of("Tag", "<none>", "ID", "a"));
        assertThat(ListFormat.render("{{json .}}", List.of(a), HEADERS)).isEqualTo("{\"ID\":\"a\",\"Tag\":\"\\u003cnone\\u003e\"}\n");
    }

    @Test
    void tabWriter_blocksSeparatedByLinesWithoutTabs_alignIndependently() {
        String s = new TabWriter(20, 1).format("Client:\n Version:\t1\n\nServer:\n  Longer label here:\t2");
        assertThat(s).isEqualTo("Client:\n Version:           1\n\nServer:\n  Longer label here: 2");
    }
}
