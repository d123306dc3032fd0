package dev.berth.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * GET /version. The CLI prints the server's engine details from {@code Components[Name=Engine].Details}
 * (ApiVersion, MinAPIVersion, GitCommit, GoVersion, Os, Arch, KernelVersion, BuildTime, Experimental),
 * not from the top-level fields: {@link #engine} fills both consistently.
 */
public record SystemVersion(
        @JsonProperty("Platform") Platform platform,
        @JsonProperty("Components") List<Component> components,
        @JsonProperty("Version") String version,
        @JsonProperty("ApiVersion") String apiVersion,
        @JsonProperty("MinAPIVersion") String minApiVersion,
        @JsonProperty("GitCommit") String gitCommit,
        @JsonProperty("GoVersion") String goVersion,
        @JsonProperty("Os") String os,
        @JsonProperty("Arch") String arch,
        @JsonProperty("KernelVersion") String kernelVersion,
        @JsonProperty("Experimental") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean experimental,
        @JsonProperty("BuildTime") String buildTime) {

    public SystemVersion {
        components = components == null ? List.of() : List.copyOf(components);
    }

    public static final String API_VERSION = "1.50";
    /**
     * The top-level {@code Version}: the Docker Engine release that introduced {@link #API_VERSION}. Clients
     * compare it with Docker's releases (Testcontainers refuses an engine below 1.6.0), so Berth's own
     * version, which the docker CLI shows, stays in the Engine component.
     */
    public static final String DOCKER_VERSION = "28.2.0";
    public static final String MIN_API_VERSION = "1.24";

    /**
     * Berth's answer: platform "Berth Engine", one Engine component with Berth's version whose details repeat
     * the top-level fields.
     */
    public static SystemVersion engine(String version, String gitCommit, String runtime, String os, String arch,
                                       String kernelVersion, String buildTime) {
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("ApiVersion", API_VERSION);
        details.put("MinAPIVersion", MIN_API_VERSION);
        details.put("GitCommit", gitCommit);
        details.put("GoVersion", runtime);
        details.put("Os", os);
        details.put("Arch", arch);
        details.put("KernelVersion", kernelVersion);
        details.put("BuildTime", buildTime);
        details.put("Experimental", "false");
        return new SystemVersion(new Platform("Berth Engine"), List.of(new Component("Engine", version, details)),
                DOCKER_VERSION, API_VERSION, MIN_API_VERSION, gitCommit, runtime, os, arch, kernelVersion, false, buildTime);
    }

    public record Platform(@JsonProperty("Name") String name) {}

    public record Component(@JsonProperty("Name") String name, @JsonProperty("Version") String version,
                            @JsonProperty("Details") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> details) {}
}
