package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.CliContext;
import dev.berth.cli.FakeDaemon;
import dev.berth.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Berth's {@code --at} on inspect and ps, and {@code history --events}, as sent to (and read from) a daemon. */
class AtCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    private static final String ID = "4f66ad9a0b2e2d0c6a1b0f3e4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f";
    private static final String EVENTS = "[{\"Type\":\"container\",\"Action\":\"create\",\"Actor\":{\"ID\":\"" + ID + "\","
            + "\"Attributes\":{\"name\":\"web\",\"berth.uid\":\"0\",\"berth.comm\":\"docker\"}},"
            + "\"time\":1764756000,\"timeNano\":1764756000000000001,\"berth\":{\"offset\":7,\"cursor\":\"7.0\"}},"
            + "{\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"" + ID + "\",\"Attributes\":{\"exitCode\":\"0\"}},"
            + "\"time\":1764756001,\"timeNano\":1764756001000000000,\"berth\":{\"offset\":9,\"cursor\":\"9.0\"}}]";

    private int berth(FakeDaemon d, String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("DOCKER_HOST", d.host()), CLOCK);
        return Main.run(args, ctx);
    }

    private static String target(FakeDaemon d, int i) {
        return URLDecoder.decode(d.requests.get(i).target(), StandardCharsets.UTF_8);
    }

    @Test
    void inspectAndPs_sendAtAsApiSeconds_fromRfc3339OrADurationAgo() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, r.target().contains("/containers/json") ? "[]" : "{\"Id\":\"x\"}"))) {
            assertThat(berth(d, "inspect", "--at", "2026-12-01T10:00:00.5Z", "web")).isZero();
            assertThat(target(d, 0)).endsWith("/containers/web/json?at=1796119200.500000000");
            assertThat(berth(d, "ps", "-a", "--at", "1h")).isZero();
            assertThat(target(d, 1)).contains("/containers/json?all=1").endsWith("&at=1796288400.000000000");
        }
    }

    @Test
    void historyEvents_isATableOfTimeActionWhoAndOffset_orJsonLines() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, EVENTS))) {
            assertThat(berth(d, "history", "--events", "web")).isZero();
            assertThat(target(d, 0)).endsWith("/berth/history/container/web");
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                    "TIME                             TYPE        ACTION    ID             WHO                 OFFSET\n"
                    + "2025-12-03T10:00:00.000000001Z   container   create    4f66ad9a0b2e   uid=0 comm=docker   7\n"
                    + "2025-12-03T10:00:01.000000000Z   container   die       4f66ad9a0b2e   -                   9\n");
            out.reset();
            assertThat(berth(d, "history", "--events", "--format", "json", "--type", "volume", "v1")).isZero();
            assertThat(target(d, 1)).endsWith("/berth/history/volume/v1");
            assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2).allMatch(l -> l.startsWith("{\"Type\""));
        }
    }

    @Test
    void historyWithoutEvents_isStillTheImagesLayers_andRefusesEventsOnlyFlags() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "[]"))) {
            assertThat(berth(d, "history", "busybox")).isZero();
            assertThat(target(d, 0)).endsWith("/images/busybox/history");
            assertThat(berth(d, "history", "--type", "image", "busybox")).isNotZero();
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("--type and --format need --events");
        }
    }
}
