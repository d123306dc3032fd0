package dev.berth.persistence;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the read-model snapshot lives: {@code <dataRoot>/journal/read-models.snapshot}, a header line
 * (serializer id and manifest) then the record as the journal's own JSON. Written atomically; a
 * missing or unreadable file only means a longer replay, never wrong state, because the journal
 * stays the source of truth.
 */
public final class ReadModelSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(ReadModelSnapshots.class);

    private ReadModelSnapshots() {}

    public static Path file(Path dataRoot) {
        return JournalConfig.databaseFile(dataRoot).resolveSibling("read-models.snapshot");
    }

    public static Optional<ReadModelSnapshot> load(ActorSystem<?> system, Path dataRoot) {
        Path file = file(dataRoot);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] all = Files.readAllBytes(file);
            int nl = indexOf(all, (byte) '\n');
            String[] header = new String(all, 0, nl, StandardCharsets.UTF_8).split(" ", 2);
            byte[] body = java.util.Arrays.copyOfRange(all, nl + 1, all.length);
            Object o = SerializationExtension.get(system)
                    .deserialize(body, Integer.parseInt(header[0]), header.length > 1 ? header[1] : "").get();
            return Optional.of((ReadModelSnapshot) o);
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring the read-model snapshot {} ({}); replaying the whole journal", file, e.toString());
            return Optional.empty();
        }
    }

    public static void save(ActorSystem<?> system, Path dataRoot, ReadModelSnapshot snapshot) {
        Path file = file(dataRoot);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Serialization serialization = SerializationExtension.get(system);
            Serializer serializer = serialization.findSerializerFor(snapshot);
            String header = serializer.identifier() + " " + Serializers.manifestFor(serializer, snapshot) + "\n";
            byte[] body = serializer.toBinary(snapshot);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(header.getBytes(StandardCharsets.UTF_8)));
                ch.write(java.nio.ByteBuffer.wrap(body));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the read-model snapshot {}: {}", file, e.toString());
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no header line");
    }
}
