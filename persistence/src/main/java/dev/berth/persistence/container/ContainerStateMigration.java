package dev.berth.persistence.container;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.serialization.jackson.JacksonMigration;

/**
 * A {@link ContainerState} phase that holds a {@link ContainerInfo} (an entity's snapshot), saved with a
 * version-1 {@link HostConfig}: see {@link HostConfigMigration}.
 */
public final class ContainerStateMigration extends JacksonMigration {
    @Override
    public int currentVersion() {
        return HostConfigMigration.VERSION;
    }

    @Override
    public JsonNode transform(int fromVersion, JsonNode json) {
        if (fromVersion < 2) {
            upcastState(json);
        }
        return json;
    }

    /** A state's JSON in place; also used for the states inside a read-model snapshot. */
    public static void upcastState(JsonNode state) {
        if (state != null) {
            HostConfigMigration.upcast(state.path("info").get("hostConfig"));
        }
    }
}
