package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One item of GET /images/{name}/history, newest first; {@code Id} is {@code <missing>} below the top. */
public record ImageHistoryItem(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") long created,
        @JsonProperty("CreatedBy") String createdBy,
        @JsonProperty("Tags") List<String> tags,
        @JsonProperty("Size") long size,
        @JsonProperty("Comment") String comment) {

    public ImageHistoryItem {
        createdBy = createdBy == null ? "" : createdBy;
        comment = comment == null ? "" : comment;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
