package dev.berth.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * The whole journal as JSON lines ({@code berth system history --export}): one line per stored event in
 * journal order — {@code offset}, {@code persistenceId}, {@code sequenceNr}, {@code timestamp} (the
 * write time), {@code type} (the serializer's manifest), {@code payload} (the event's stored JSON, as
 * written, not upcast) and {@code caller} when the event says who asked — then one last line
 * {@code {"count":N,"sha256":"…"}}, the digest over every event line's bytes with its newline.
 * Reads the table with JDBC only, so it also works on a stopped daemon's journal, opened read-only.
 */
public final class HistoryExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Takes each line (without its newline); false stops the export (the reader went away). */
    public interface Lines {
        boolean line(byte[] line);
    }

    /**
     * The SHA-256 of the exported lines, handed in: the daemon passes libcrypto's (image's {@code Sha256}),
     * so that hashing a million-event export runs native whatever the JIT has compiled (berthd runs C1 only,
     * which has no SHA intrinsic); {@link #jdk()} where speed does not matter.
     */
    public record Hasher(Update update, Supplier<byte[]> finish) {
        public Hasher {
            Objects.requireNonNull(update, "update");
            Objects.requireNonNull(finish, "finish");
        }

        /** Feeds bytes into the digest. */
        public interface Update {
            void update(byte[] b, int off, int len);
        }

        public static Hasher jdk() {
            MessageDigest md = sha256();
            return new Hasher(md::update, md::digest);
        }
    }

    /** What was exported. */
    public record Summary(long count, String sha256) {}

    private HistoryExport() {}

    /** Exports through a connection of the running daemon's journal. */
    public static Summary export(Path dataRoot, Hasher sha, Lines out) {
        return export(JournalConfig.jdbcUrl(dataRoot), sha, out);
    }

    /** Exports a stopped daemon's journal, opened read-only (H2 refuses while another process holds it). */
    public static Summary exportReadOnly(Path dataRoot, Hasher sha, Lines out) {
        return export(JournalConfig.jdbcUrl(dataRoot) + ";ACCESS_MODE_DATA=r", sha, out);
    }

    private static Summary export(String url, Hasher sha, Lines out) {
        byte[] newline = {'\n'};
        long count = 0;
        try (Connection c = JournalConnections.open(url, JournalSchema.USER, JournalSchema.PASSWORD);
             PreparedStatement st = c.prepareStatement("SELECT \"ordering\", \"persistence_id\", \"sequence_number\", "
                     + "\"write_timestamp\", \"event_ser_manifest\", \"event_payload\" FROM PUBLIC.\"event_journal\" "
                     + "WHERE \"deleted\" = FALSE ORDER BY \"ordering\"")) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    byte[] line = line(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                            rs.getBytes(6));
                    sha.update().update(line, 0, line.length);
                    sha.update().update(newline, 0, 1);
                    count++;
                    if (!out.line(line)) {
                        return new Summary(count, null);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the journal: " + e.getMessage(), e);
        }
        String digest = HexFormat.of().formatHex(sha.finish().get());
        out.line(trailer(count, digest));
        return new Summary(count, digest);
    }

    static byte[] line(long offset, String pid, long seq, long millis, String manifest, byte[] payload) {
        ObjectNode node = JSON.createObjectNode();
        node.put("offset", offset);
        node.put("persistenceId", pid);
        node.put("sequenceNr", seq);
        node.put("timestamp", Instant.ofEpochMilli(millis).toString());
        node.put("type", manifest);
        JsonNode body = json(payload);
        if (body == null) {
            node.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
        } else {
            node.set("payload", body);
            if (body.hasNonNull("caller")) {
                node.set("caller", body.get("caller"));
            }
        }
        return bytes(node);
    }

    static byte[] trailer(long count, String sha256) {
        ObjectNode node = JSON.createObjectNode();
        node.put("count", count);
        node.put("sha256", sha256);
        return bytes(node);
    }

    /** The stored JSON (gunzipped if an older row was compressed), or null when the payload is not JSON. */
    private static JsonNode json(byte[] payload) {
        try {
            byte[] text = payload;
            if (payload.length > 2 && (payload[0] & 0xff) == 0x1f && (payload[1] & 0xff) == 0x8b) {
                try (var in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
                    text = in.readAllBytes();
                }
            }
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
