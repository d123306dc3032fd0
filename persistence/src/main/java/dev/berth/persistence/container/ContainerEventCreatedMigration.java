package dev.berth.persistence.container;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/** {@link ContainerEvent.Created} journaled with a version-1 {@link HostConfig}: see {@link HostConfigMigration}. */
public final class ContainerEventCreatedMigration extends JacksonMigration {
    @Override
    public int currentVersion() {
        return HostConfigMigration.VERSION;
    }

    @Override
    public JsonNode transform(int fromVersion, JsonNode json) {
        if (fromVersion < 2) {
            HostConfigMigration.upcast(json.get("hostConfig"));
        }
        return json;
    }
}
