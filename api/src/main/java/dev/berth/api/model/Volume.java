package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Docker's Volume object (GET /volumes, GET /volumes/{name}, POST /volumes/create, and /system/df's
 * {@code Volumes}, the only place with {@code UsageData}).
 *
 * @param createdAt RFC 3339, seconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Volume(
        @JsonProperty("CreatedAt") String createdAt,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Labels") Map<String, String> labels,
        @JsonProperty("Mountpoint") String mountpoint,
        @JsonProperty("Name") String name,
        @JsonProperty("Options") Map<String, String> options,
        @JsonProperty("Scope") String scope,
        @JsonProperty("UsageData") UsageData usageData) {

    /**
     * @param size     bytes, -1 when the driver cannot tell
     * @param refCount containers that refer to the volume
     */
    public record UsageData(@JsonProperty("Size") long size, @JsonProperty("RefCount") long refCount) {}

    public Volume withUsage(UsageData usage) {
        return new Volume(createdAt, driver, labels, mountpoint, name, options, scope, usage);
    }
}
