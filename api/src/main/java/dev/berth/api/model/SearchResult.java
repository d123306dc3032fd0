package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One GET /images/search result, in the index's own (snake_case) names. */
public record SearchResult(@JsonProperty("star_count") int starCount,
                           @JsonProperty("is_official") boolean isOfficial,
                           @JsonProperty("name") String name,
                           @JsonProperty("is_automated") boolean isAutomated,
                           @JsonProperty("description") String description) {}
