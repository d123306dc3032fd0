package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryLinesTest {
    @TempDir
    Path dir;

    private static final String A = "{\"offset\":1,\"persistenceId\":\"container|a\",\"sequenceNr\":1,\"payload\":{}}";
    private static final String B = "{\"offset\":3,\"persistenceId\":\"container|a\",\"sequenceNr\":2,\"payload\":{}}";
    private static final String C = "{\"offset\":4,\"persistenceId\":\"volume|v\",\"sequenceNr\":1,\"payload\":{}}";

    @Test
    void checkFile_intact_readsTheEvents() throws Exception {
        Path file = export(List.of(A, B), null);
        List<String> events = new ArrayList<>();
        assertThat(HistoryLines.checkFile(file, events)).isNull();
        assertThat(events).containsExactly(A, B);
    }

    @Test
    void checkFile_alteredLine_digestMismatch() throws Exception {
        Path file = export(List.of(A, B), B.replace("{}", "{\"x\":1}"));
        assertThat(HistoryLines.checkFile(file, new ArrayList<>())).contains("the file was altered after the export");
    }

    @Test
    void checkFile_cutShort_noTrailer() throws Exception {
        Path file = dir.resolve("cut.jsonl");
        Files.writeString(file, A + "\n" + B + "\n");
        assertThat(HistoryLines.checkFile(file, new ArrayList<>())).contains("not a complete export");
    }

    @Test
    void compare_laterEventsAndGapsInTheJournalAreFine_missingOrChangedAreNot() throws Exception {
        assertThat(HistoryLines.compare(List.of(A, B), reader(A, "{\"offset\":2,\"persistenceId\":\"x\",\"sequenceNr\":1,\"payload\":{}}", B, C)))
                .isNull();
        assertThat(HistoryLines.compare(List.of(A, B), reader(A, C)))
                .isEqualTo("event at offset 3 (container|a #2) is missing from the journal");
        assertThat(HistoryLines.compare(List.of(A, B), reader(A, B.replace("{}}", "{\"y\":2}}"))))
                .startsWith("event at offset 3 (container|a #2) differs:");
    }

    private static BufferedReader reader(String... lines) {
        return new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
    }

    /** An export of {@code events} whose digest is right, with the last event then replaced by {@code tampered}. */
    private Path export(List<String> events, String tampered) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.size(); i++) {
            sha.update((events.get(i) + "\n").getBytes(StandardCharsets.UTF_8));
            text.append(tampered != null && i == events.size() - 1 ? tampered : events.get(i)).append('\n');
        }
        text.append("{\"count\":").append(events.size()).append(",\"sha256\":\"")
                .append(HexFormat.of().formatHex(sha.digest())).append("\"}\n");
        Path file = dir.resolve("export.jsonl");
        Files.writeString(file, text);
        return file;
    }
}
