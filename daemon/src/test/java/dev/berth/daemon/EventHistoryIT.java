package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15 item 2: every event since the first, across kill -9 and clean restarts, with the real
 * docker CLI; and the resumable cursor ({@code berth events --after}) while events are produced.
 */
@Timeout(value = 300)
class EventHistoryIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORMAT = "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.name}}";

    @Test
    void sinceZero_replaysEveryEventOfEveryBatchInOrder_acrossKillAndCleanRestarts() throws IOException {
        try (BerthdProcess d = BerthdProcess.start()) {
            ok(d.docker("volume", "create", "h-v1"));
            ok(d.docker("network", "create", "h-n1"));
            ok(d.docker("volume", "rm", "h-v1"));
            d.kill9();
            d.restart();
            ok(d.docker("import", "--change", "CMD [\"sh\"]", BerthdProcess.busyboxTar().toString(), "h-busybox"));
            ok(d.docker("create", "--name", "h-c1", "h-busybox"));
            ok(d.docker("rm", "h-c1"));
            d.restart(); // a clean stop, then a start
            ok(d.docker("network", "rm", "h-n1"));
            ok(d.docker("volume", "create", "h-v3"));
            // the CLI sends --until 0s as whole seconds (as to dockerd): let the last event's second pass
            BerthdProcess.sleep(1100);

            List<String> all = names(ok(d.docker("events", "--since", "0", "--until", "0s", "--format", FORMAT)));
            assertThat(all).containsSubsequence("volume create h-v1", "network create h-n1", "volume destroy h-v1",
                    "container create h-c1", "container destroy h-c1", "network destroy h-n1", "volume create h-v3");
            assertThat(all.stream().filter(l -> l.contains(" h-")).toList()).containsExactly(
                    "volume create h-v1", "network create h-n1", "volume destroy h-v1", "image tag h-busybox:latest",
                    "container create h-c1", "container destroy h-c1", "network destroy h-n1", "volume create h-v3");
            assertThat(all).anyMatch(l -> l.startsWith("image import "));

            List<String> volumes = names(ok(d.docker("events", "--since", "0", "--until", "0s", "--filter",
                    "type=volume", "--format", FORMAT)));
            assertThat(volumes).containsExactly("volume create h-v1", "volume destroy h-v1", "volume create h-v3");
            List<String> destroys = names(ok(d.docker("events", "--since", "0", "--until", "0s", "--filter",
                    "event=destroy", "--format", FORMAT)));
            assertThat(destroys).containsExactly("volume destroy h-v1", "container destroy h-c1",
                    "network destroy h-n1");

            // berth events sees the same history, each event with its journal position
            List<JsonNode> mine = json(berth(d, "events", "--since", "0", "--until", "0s", "--format", "{{json .}}"));
            assertThat(mine.stream().map(e -> e.path("Type").asText() + " " + e.path("Action").asText()).toList())
                    .isEqualTo(all.stream().map(l -> l.substring(0, l.lastIndexOf(' '))).toList());
            assertThat(mine).allSatisfy(e -> assertThat(e.path("berth").path("offset").asLong()).isPositive());
            assertThat(mine.stream().map(e -> e.path("berth").path("offset").asLong()).toList()).isSorted();
            d.docker("volume", "rm", "h-v3");
        }
    }

    @Test
    void after_streamsExactlyTheEventsAfterTheCursor_historyThenLive_acrossAKill() throws Exception {
        assertTrue(Files.exists(Path.of("..", "cli", "target", "lib")), "cli module not packaged (mvn package)");
        try (BerthdProcess d = BerthdProcess.start()) {
            ok(d.docker("volume", "create", "c-0"));
            List<JsonNode> before = json(berth(d, "events", "--since", "0", "--until", "0s", "--format", "{{json .}}"));
            String start = before.get(before.size() - 1).path("berth").path("cursor").asText();
            assertThat(start).isNotEmpty();

            // first consumer: history then live while volumes are being created
            CompletableFuture<Void> first = produce(d, 1, 12);
            List<JsonNode> part1 = json(berth(d, "events", "--after", start, "--until", inSeconds(4),
                    "--format", "{{json .}}"));
            first.join();
            assertThat(part1).isNotEmpty();
            String resume = part1.get(part1.size() - 1).path("berth").path("cursor").asText();

            d.kill9();
            d.restart();
            CompletableFuture<Void> second = produce(d, 13, 24);
            List<JsonNode> part2 = json(berth(d, "events", "--after", resume, "--until", inSeconds(6),
                    "--format", "{{json .}}"));
            second.join();

            List<String> expected = IntStream.rangeClosed(1, 24).mapToObj(i -> "c-" + i).toList();
            List<JsonNode> joined = new ArrayList<>(part1);
            joined.addAll(part2);
            assertThat(volumeCreates(joined)).isEqualTo(expected);
            assertThat(joined.stream().map(EventHistoryIT::position).toList()).isSorted().doesNotHaveDuplicates();
            // and a fresh reader from the same cursor, all history now, agrees
            List<JsonNode> replay = json(berth(d, "events", "--after", start, "--until", "0s", "--format", "{{json .}}"));
            assertThat(volumeCreates(replay)).isEqualTo(expected);
            assertThat(replay.stream().map(e -> e.path("berth").path("cursor").asText()).toList())
                    .isEqualTo(joined.stream().map(e -> e.path("berth").path("cursor").asText()).toList());

            Result beyond = berth(d, "events", "--after", "999999", "--until", "0s");
            assertThat(beyond.exitCode()).isNotZero();
            assertThat(beyond.err()).contains("cursor 999999 is beyond the end of the journal");
            Result malformed = berth(d, "events", "--after", "x1", "--until", "0s");
            assertThat(malformed.exitCode()).isNotZero();
            assertThat(malformed.err()).contains("invalid cursor \"x1\"");
            for (int i = 0; i <= 24; i++) {
                d.docker("volume", "rm", "c-" + i);
            }
        }
    }

    private static CompletableFuture<Void> produce(BerthdProcess d, int from, int to) {
        return CompletableFuture.runAsync(() -> {
            for (int i = from; i <= to; i++) {
                ok(d.docker("volume", "create", "c-" + i));
            }
        });
    }

    private static String inSeconds(int s) {
        return Long.toString(Instant.now().getEpochSecond() + s);
    }

    private static double position(JsonNode e) {
        return e.path("berth").path("offset").asLong() + Double.parseDouble("0." + cursorIndex(e));
    }

    private static String cursorIndex(JsonNode e) {
        String c = e.path("berth").path("cursor").asText();
        return c.contains(".") ? c.substring(c.indexOf('.') + 1) : "0";
    }

    private static List<String> volumeCreates(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("Type").asText().equals("volume")
                && e.path("Action").asText().equals("create")).map(e -> e.path("Actor").path("ID").asText()).toList();
    }

    private static Result berth(BerthdProcess d, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }

    /** "TYPE ACTION NAME", NAME the name attribute, or the actor id when it has none (volumes). */
    private static List<String> names(Result r) {
        return ok(r).out().lines().map(l -> {
            String[] f = l.split(" ");
            String name = f.length < 4 || f[3].equals("<no") ? f[2] : f[3];
            return f[0] + " " + f[1] + " " + name;
        }).toList();
    }

    private static List<JsonNode> json(Result r) {
        ok(r);
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.out().lines().filter(l -> !l.isBlank()).toList()) {
            try {
                out.add(JSON.readTree(line));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + line, e);
            }
        }
        return out;
    }
}
