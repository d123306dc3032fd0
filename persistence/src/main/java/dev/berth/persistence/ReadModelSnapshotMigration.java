package dev.berth.persistence;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.persistence.container.ContainerStateMigration;
import dev.berth.persistence.container.HostConfigMigration;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * A {@link ReadModelSnapshot} written with version-1 container host configs: each container state in
 * it is read as {@link ContainerStateMigration} reads an entity's snapshot, so a start after the
 * upgrade still replays only the journal's tail.
 */
public final class ReadModelSnapshotMigration extends JacksonMigration {
    @Override
    public int currentVersion() {
        return HostConfigMigration.VERSION;
    }

    @Override
    public JsonNode transform(int fromVersion, JsonNode json) {
        if (fromVersion < 2) {
            json.path("containers").forEach(ContainerStateMigration::upcastState);
        }
        return json;
    }
}
