package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** POST /networks/prune response. */
public record NetworkPruneReport(@JsonProperty("NetworksDeleted") List<String> networksDeleted) {}
