package dev.berth.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryExportTest {
    @TempDir
    Path dataRoot;

    @Test
    void export_linesInJournalOrder_withCallerAndADigestTrailer() throws Exception {
        JournalSchema.create(dataRoot);
        insert("container|a", 1, 1_000, "{\"id\":\"a\",\"caller\":{\"uid\":0}}".getBytes(StandardCharsets.UTF_8));
        insert("container|a", 2, 2_000, gzip("{\"code\":0}"));
        insert("container-names", 1, 3_000, new byte[] {1, 2});

        List<String> lines = new ArrayList<>();
        var summary = HistoryExport.export(dataRoot, HistoryExport.Hasher.jdk(), l -> lines.add(new String(l, StandardCharsets.UTF_8)));

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("{\"offset\":1,\"persistenceId\":\"container|a\",\"sequenceNr\":1,"
                + "\"timestamp\":\"1970-01-01T00:00:01Z\",\"type\":\"T#2\",\"payload\":{\"id\":\"a\",\"caller\":{\"uid\":0}},"
                + "\"caller\":{\"uid\":0}}");
        assertThat(lines.get(1)).contains("\"payload\":{\"code\":0}").doesNotContain("caller");
        assertThat(lines.get(2)).contains("\"payloadBase64\":\"AQI=\"");
        var sha = HistoryExport.sha256();
        for (String l : lines.subList(0, 3)) {
            sha.update((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        String digest = HexFormat.of().formatHex(sha.digest());
        assertThat(lines.get(3)).isEqualTo("{\"count\":3,\"sha256\":\"" + digest + "\"}");
        assertThat(summary).isEqualTo(new HistoryExport.Summary(3, digest));
    }

    private void insert(String pid, long seq, long millis, byte[] payload) throws Exception {
        try (Connection c = DriverManager.getConnection(JournalConfig.jdbcUrl(dataRoot), "sa", "");
             PreparedStatement st = c.prepareStatement("INSERT INTO PUBLIC.\"event_journal\" "
                + "(\"persistence_id\", \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", "
                + "\"event_payload\", \"event_ser_id\", \"event_ser_manifest\") VALUES (?, ?, 'w', ?, '', ?, 1, 'T#2')")) {
            st.setString(1, pid);
            st.setLong(2, seq);
            st.setLong(3, millis);
            st.setBytes(4, payload);
            st.executeUpdate();
        }
    }

    private static byte[] gzip(String text) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
