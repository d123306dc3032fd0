package dev.berth.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.persistence.container.ContainerHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code containers/<id>/health.json}: a container's {@link ContainerHealth} after its last probe, replaced
 * atomically (write then rename), so a daemon killed at any point leaves the previous or the next one.
 * The shape is the persisted record's (golden fixture {@code container/health}).
 */
final class HealthStore {
    private static final Logger LOG = LoggerFactory.getLogger(HealthStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path containers;

    HealthStore(Path dataRoot) {
        this.containers = dataRoot.resolve("containers");
    }

    /** The stored health, or null when there is none (never probed, or unreadable: it is a cache of the run). */
    ContainerHealth read(String id) {
        try {
            return JSON.readValue(Files.readAllBytes(file(id)), ContainerHealth.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            LOG.warn("container {}: ignoring unreadable {}: {}", id, file(id), e.toString());
            return null;
        }
    }

    void write(String id, ContainerHealth health) {
        Path file = file(id);
        if (!Files.isDirectory(file.getParent())) {
            return; // removed meanwhile
        }
        Path tmp = file.resolveSibling("health.json.tmp");
        try {
            Files.write(tmp, JSON.writeValueAsBytes(health));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("container {}: health not saved: {}", id, e.toString());
        }
    }

    private Path file(String id) {
        return containers.resolve(id).resolve("health.json");
    }
}
