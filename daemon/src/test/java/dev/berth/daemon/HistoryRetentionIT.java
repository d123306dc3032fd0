package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 item 5: daemon.json {@code history-retention} drops the old events of removed objects and
 * keeps live objects whole across a restart; {@code berth system history --export} and {@code --verify}
 * against the running daemon and against a stopped one's data root, a tampered file detected.
 */
@Timeout(value = 300)
class HistoryRetentionIT {
    private static final Path BERTH = Path.of("..", "bin", "berth").toAbsolutePath().normalize();
    private static final String FORMAT = "{{.Type}} {{.Action}} {{if eq .Type \"volume\"}}{{.Actor.ID}}{{else}}{{.Actor.Attributes.name}}{{end}}";

    @TempDir
    Path tmp;

    @Test
    void retention_oldEventsOfRemovedObjectsGone_liveObjectsRightAfterARestart() throws IOException {
        try (BerthdProcess d = BerthdProcess.start("{\"history-retention\": \"3s\"}")) {
            ok(d.docker("import", "--change", "CMD [\"sh\"]", BerthdProcess.busyboxTar().toString(), "r-busybox"));
            ok(d.docker("run", "-d", "--name", "r-live", "--label", "who=kept", "r-busybox", "sleep", "300"));
            ok(d.docker("volume", "create", "r-vlive"));
            ok(d.docker("create", "--name", "r-gone", "r-busybox"));
            String goneId = ok(d.docker("inspect", "-f", "{{.Id}}", "r-gone")).out().strip();
            ok(d.docker("rm", "r-gone"));
            ok(d.docker("volume", "create", "r-vgone"));
            ok(d.docker("volume", "rm", "r-vgone"));
            List<String> before = events(d);
            assertThat(before).contains("container create r-gone", "container destroy r-gone", "volume create r-vgone",
                    "volume destroy r-vgone");

            // older than 3 s, in the read-model snapshot (a pass's checkpoint saves up to the journal's end
            // as the pass before saw it), and a pruning pass (every 1.5 s) has run since
            BerthdProcess.sleep(9_000);
            d.restart();
            ok(d.docker("create", "--name", "r-recent", "r-busybox"));
            ok(d.docker("rm", "r-recent"));

            List<String> after = events(d);
            assertThat(after).as("removed objects' old events are gone")
                    .noneMatch(l -> l.endsWith(" r-gone") || l.endsWith(" r-vgone"));
            assertThat(after).as("live objects and recent events are kept").contains("container create r-live",
                    "container start r-live", "volume create r-vlive", "container create r-recent",
                    "container destroy r-recent");
            assertThat(ok(d.docker("inspect", "-f", "{{.State.Running}} {{.Config.Labels.who}} {{.Name}}", "r-live"))
                    .out().strip()).isEqualTo("true kept /r-live");
            assertThat(ok(d.docker("ps", "-a", "--format", "{{.Names}}")).out().lines().toList()).containsExactly("r-live");
            assertThat(ok(d.docker("volume", "ls", "-q")).out().lines().toList()).containsExactly("r-vlive");
            ok(d.docker("stop", "-t", "1", "r-live"));
            ok(d.docker("start", "r-live"));
            ok(d.docker("create", "--name", "r-gone", "r-busybox")); // its name was released, still is

            Path export = tmp.resolve("after.jsonl");
            ok(berth(d, "system", "history", "--export", export.toString()));
            assertThat(Files.readString(export)).doesNotContain("container|" + goneId).contains("r-live");

            ok(d.docker("rm", "-f", "r-live", "r-gone"));
            ok(d.docker("volume", "rm", "r-vlive"));
        }
    }

    @Test
    void retention_badValue_berthdRefusesToStartNamingTheKey() throws IOException {
        Path json = tmp.resolve("daemon.json");
        Files.writeString(json, "{\"history-retention\": \"30d\"}");
        Result r = BerthdProcess.run(Duration.ofSeconds(60), Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", BerthdProcess.daemonClasspath(), "dev.berth.daemon.Main", "--config-file", json.toString(),
                "--data-root", tmp.resolve("root").toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("berthd: invalid history-retention \"30d\": time: invalid duration");
        assertThat(tmp.resolve("root")).doesNotExist();
    }

    @Test
    void exportThenVerify_runningAndStopped_tamperedFileDetected() throws Exception {
        try (BerthdProcess d = BerthdProcess.start()) {
            ok(d.docker("volume", "create", "x-v1"));
            ok(d.docker("network", "create", "x-n1"));
            ok(d.docker("volume", "rm", "x-v1"));
            Path export = tmp.resolve("history.jsonl");
            Result exported = ok(berth(d, "system", "history", "--export", export.toString()));
            List<String> lines = Files.readAllLines(export);
            assertThat(exported.out()).startsWith("Exported " + (lines.size() - 1) + " events to " + export);
            assertThat(lines.get(lines.size() - 1)).matches("\\{\"count\":\\d+,\"sha256\":\"[0-9a-f]{64}\"}");
            assertThat(lines).anyMatch(l -> l.contains("\"persistenceId\":\"volume|x-v1\"") && l.contains("\"caller\":{"));

            ok(d.docker("volume", "create", "x-v2")); // events after the export do not matter
            assertThat(ok(berth(d, "system", "history", "--verify", export.toString())).out())
                    .startsWith("OK: all " + (lines.size() - 1) + " events of " + export);

            // one byte changed, the digest left as it was
            Path altered = tmp.resolve("altered.jsonl");
            Files.writeString(altered, Files.readString(export).replace("x-n1", "x-n2"));
            Result bad = berth(d, "system", "history", "--verify", altered.toString());
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.err()).contains("the file was altered after the export");

            // changed and its digest recomputed: the journal comparison finds it
            Path forged = tmp.resolve("forged.jsonl");
            Files.write(forged, withDigest(lines.subList(0, lines.size() - 1).stream()
                    .map(l -> l.replace("x-n1", "x-n2")).toList()));
            Result differs = berth(d, "system", "history", "--verify", forged.toString());
            assertThat(differs.exitCode()).isEqualTo(1);
            assertThat(differs.err()).contains("mismatch: event at offset").contains("differs");

            d.stop();
            assertThat(ok(berth(d, "system", "history", "--verify", export.toString(), "--data-root",
                    d.dataRoot().toString())).out()).contains("are in the journal under " + d.dataRoot());
            d.restart();
            ok(d.docker("network", "rm", "x-n1"));
            ok(d.docker("volume", "rm", "x-v2"));
        }
    }

    /**
     * Start-up with 100k journaled events of removed containers is not slower than with a few hundred beyond
     * noise: the read-model snapshot holds the live objects, so a start reads only the journal after it.
     * The history is made of copies of the rows berthd wrote for a real create+rm, under new ids.
     */
    @Test
    void startup_flatAsHistoryGrows() throws Exception {
        try (BerthdProcess d = BerthdProcess.start()) {
            ok(d.docker("import", "--change", "CMD [\"sh\"]", BerthdProcess.busyboxTar().toString(), "s-busybox"));
            ok(d.docker("run", "-d", "--name", "s-live", "s-busybox", "sleep", "300"));
            ok(d.docker("create", "--name", "s-gone", "s-busybox"));
            String goneId = ok(d.docker("inspect", "-f", "{{.Id}}", "s-gone")).out().strip();
            ok(d.docker("rm", "s-gone"));
            d.stop();
            long small = startMillis(d);
            d.stop();
            long events = cloneRemovedContainer(d.dataRoot(), "container|" + goneId, 100_000);
            long tail = startMillis(d); // first start after the rows appeared: no snapshot covers them yet
            d.stop();
            long large = startMillis(d);
            System.out.printf("start-up to the first answered ps: %d ms with a short history, %d ms with %d more events "
                    + "(first start, replaying them: %d ms)%n", small, large, events, tail);
            assertThat(ok(d.docker("ps", "--format", "{{.Names}}")).out().strip()).isEqualTo("s-live");
            assertThat(large).as("start-up with %d more events, vs %d ms", events, small).isLessThan(small * 2 + 2_000);
            ok(d.docker("rm", "-f", "s-live"));
        }
    }

    /** Starts the stopped daemon and times it until {@code GET /containers/json?all=1} answers. */
    private static long startMillis(BerthdProcess d) throws IOException {
        long t0 = System.nanoTime();
        d.restart();
        ok(d.docker("ps", "-a", "-q"));
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Copies of one removed container's rows under new persistence ids, until at least {@code atLeast} rows. */
    private static long cloneRemovedContainer(Path dataRoot, String pid, long atLeast) throws Exception {
        String copy = "INSERT INTO PUBLIC.\"event_journal\" (\"deleted\", \"persistence_id\", \"sequence_number\", "
                + "\"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\", \"event_ser_id\", "
                + "\"event_ser_manifest\") SELECT FALSE, ?, \"sequence_number\", \"writer\", \"write_timestamp\", "
                + "\"adapter_manifest\", \"event_payload\", \"event_ser_id\", \"event_ser_manifest\" "
                + "FROM PUBLIC.\"event_journal\" WHERE \"persistence_id\" = ? ORDER BY \"ordering\"";
        long rows = 0;
        try (var c = java.sql.DriverManager.getConnection(dev.berth.persistence.JournalConfig.jdbcUrl(dataRoot), "sa", "");
             var st = c.prepareStatement(copy)) {
            c.setAutoCommit(false);
            for (int i = 0; rows < atLeast; i++) {
                st.setString(1, "container|" + String.format("%064x", i + 1L));
                st.setString(2, pid);
                rows += st.executeUpdate();
                if (i % 500 == 0) {
                    c.commit();
                }
            }
            c.commit();
        }
        return rows;
    }

    private static List<String> withDigest(List<String> events) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (String e : events) {
            sha.update((e + "\n").getBytes(StandardCharsets.UTF_8));
        }
        List<String> out = new ArrayList<>(events);
        out.add("{\"count\":" + events.size() + ",\"sha256\":\"" + HexFormat.of().formatHex(sha.digest()) + "\"}");
        return out;
    }

    private static List<String> events(BerthdProcess d) {
        BerthdProcess.sleep(1100); // --until 0s is whole seconds
        return ok(d.docker("events", "--since", "0", "--until", "0s", "--format", FORMAT)).out().lines().toList();
    }

    private static Result berth(BerthdProcess d, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BERTH.toString(), "-H", d.host()));
        cmd.addAll(List.of(args));
        return BerthdProcess.run(Duration.ofSeconds(120), cmd.toArray(String[]::new));
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
