package dev.berth.daemon.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.EventSinkContext;
import dev.berth.spi.events.EventSinkContract;
import dev.berth.spi.events.SinkEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped file sink passes the sink contract; rotation as json-file's; its options checked by name. */
class FileSinkTest extends EventSinkContract {
    @TempDir
    Path dir;

    @Override
    protected EventSink createSink() {
        return new FileSinkProvider().create(context(Map.of("path", dir.resolve("events.log").toString())));
    }

    @Override
    protected List<String> received() throws Exception {
        return Files.readAllLines(dir.resolve("events.log"));
    }

    private EventSinkContext context(Map<String, String> options) {
        return new EventSinkContext("audit", dir, options);
    }

    private static List<SinkEvent> lines(int n, int jsonLength) {
        List<SinkEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = "{\"n\":" + i + ",\"pad\":\"";
            out.add(new SinkEvent(i + 1, 0, body + "x".repeat(jsonLength - body.length() - 2) + "\"}"));
        }
        return out;
    }

    @Test
    void deliver_pastMaxSize_rotatesToNumberedFilesDroppingTheOldest() throws Exception {
        Path log = dir.resolve("events.log");
        EventSink sink = new FileSinkProvider().create(context(Map.of("path", log.toString(), "max-size", "1k",
                "max-files", "3")));
        // 100-byte lines: ten fill 1000 bytes, the eleventh starts a new file
        List<SinkEvent> all = lines(35, 99);
        sink.deliver(all.subList(0, 20));
        sink.deliver(all.subList(20, 35));
        sink.close();
        assertThat(Files.readAllLines(log)).hasSize(5).first().asString().startsWith("{\"n\":30,");
        assertThat(Files.readAllLines(dir.resolve("events.log.1"))).hasSize(10).first().asString()
                .startsWith("{\"n\":20,");
        assertThat(Files.readAllLines(dir.resolve("events.log.2"))).hasSize(10).first().asString()
                .startsWith("{\"n\":10,");
        assertThat(dir.resolve("events.log.3")).doesNotExist();
        assertThat(Files.size(dir.resolve("events.log.1"))).isEqualTo(1000);
    }

    @Test
    void deliver_oneFileOnly_startsOverEmpty() throws Exception {
        Path log = dir.resolve("events.log");
        EventSink sink = new FileSinkProvider().create(context(Map.of("path", log.toString(), "max-size", "250")));
        sink.deliver(lines(5, 99));
        sink.close();
        assertThat(Files.readAllLines(log)).hasSize(1).first().asString().startsWith("{\"n\":4,");
        assertThat(dir.resolve("events.log.1")).doesNotExist();
    }

    @Test
    void create_badOptions_refusedNamingSinkAndKey() {
        var provider = new FileSinkProvider();
        assertThatThrownBy(() -> provider.create(context(Map.of())))
                .isInstanceOf(EngineException.class).hasMessage("event-sinks: audit: path: required");
        assertThatThrownBy(() -> provider.create(context(Map.of("path", "rel/events.log"))))
                .hasMessage("event-sinks: audit: path: must be absolute, not \"rel/events.log\"");
        assertThatThrownBy(() -> provider.create(context(Map.of("path", "/x", "max-size", "ten"))))
                .hasMessage("event-sinks: audit: max-size: invalid size \"ten\" (a number of bytes, or with k, m or g)");
        assertThatThrownBy(() -> provider.create(context(Map.of("path", "/x", "max-files", "0"))))
                .hasMessage("event-sinks: audit: max-files: must be a positive whole number, not \"0\"");
        assertThatThrownBy(() -> provider.create(context(Map.of("path", "/x", "max-file", "2"))))
                .hasMessage("event-sinks: audit: max-file: unknown option (known: [max-files, max-size, path])");
    }
}
