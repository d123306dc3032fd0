package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Docker's {@code State.Health.Status} of a container that has a health check. */
public enum HealthStatus {
    @JsonProperty("starting") STARTING,
    @JsonProperty("healthy") HEALTHY,
    @JsonProperty("unhealthy") UNHEALTHY;

    /** Docker's word: {@code starting}, {@code healthy}, {@code unhealthy}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
