package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The {@code X-Docker-Container-Path-Stat} header's JSON (base64-encoded on the wire): {@code mode}
 * is Go's os.FileMode, {@code mtime} RFC 3339 with nanoseconds.
 */
public record ContainerPathStat(@JsonProperty("name") String name, @JsonProperty("size") long size,
                                @JsonProperty("mode") long mode, @JsonProperty("mtime") String mtime,
                                @JsonProperty("linkTarget") String linkTarget) {}
