package dev.berth.driver.dockerplugin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.volume.VolumeDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A volume driver that is a Docker plugin: each method is one {@code VolumeDriver.*} call. The plugin
 * keeps its own state (its volumes, who has each mounted, by the caller's ID), so nothing is kept here
 * and nothing needs restoring after a daemon restart.
 */
final class RemoteVolumeDriver implements VolumeDriver {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteVolumeDriver.class);

    private final DockerPlugins.Activated plugin;
    private volatile String scope;

    RemoteVolumeDriver(DockerPlugins.Activated plugin) {
        this.plugin = plugin;
    }

    @Override
    public String name() {
        return plugin.name();
    }

    /** The plugin's {@code Capabilities.Scope}; {@code local} when it has none (the call is optional). */
    @Override
    public String scope() {
        String s = scope;
        if (s == null) {
            try {
                JsonNode caps = plugin.client().call("VolumeDriver.Capabilities", Map.of()).path("Capabilities");
                s = caps.path("Scope").asText("").equals("global") ? "global" : "local";
            } catch (PluginClient.CallFailed e) {
                s = "local";
            }
            scope = s;
        }
        return s;
    }

    @Override
    public void create(String name, Map<String, String> options) {
        call("VolumeDriver.Create", Map.of("Name", name, "Opts", options));
    }

    @Override
    public Path mount(String name, String callerId) {
        String mountpoint = call("VolumeDriver.Mount", Map.of("Name", name, "ID", callerId)).path("Mountpoint").asText("");
        if (mountpoint.isEmpty() || !mountpoint.startsWith("/")) {
            // the plugin counted the mount: it must not stay counted for a container that never starts
            unmount(name, callerId);
            throw EngineException.internal("VolumeDriver.Mount: plugin " + name() + " answered no absolute Mountpoint ("
                    + mountpoint + ")", null);
        }
        return Path.of(mountpoint);
    }

    /** Idempotent as the SPI asks: a plugin's refusal is logged, the container's stop goes on. */
    @Override
    public void unmount(String name, String callerId) {
        try {
            call("VolumeDriver.Unmount", Map.of("Name", name, "ID", callerId));
        } catch (EngineException e) {
            LOG.warn("volume {}: plugin {} could not unmount it for {}: {}", name, name(), callerId, e.getMessage());
        }
    }

    /** Inspect's Mountpoint; empty when the plugin has none (not mounted) or does not answer. */
    @Override
    public Path path(String name) {
        try {
            return Path.of(call("VolumeDriver.Path", Map.of("Name", name)).path("Mountpoint").asText(""));
        } catch (EngineException e) {
            LOG.debug("volume {}: plugin {} gave no path: {}", name, name(), e.getMessage());
            return Path.of("");
        }
    }

    @Override
    public void remove(String name) {
        call("VolumeDriver.Remove", Map.of("Name", name));
    }

    @Override
    public void restore(Map<String, Map<String, String>> volumes, Map<String, List<String>> mountedBy) {
        // the plugin's own state survived the daemon's restart (or it is the plugin's to restore)
    }

    @Override
    public void close() {
        // a plugin is a process of its own; nothing here holds it
    }

    /** One call; the plugin's {@code Err}, its HTTP error or a transport failure is an INTERNAL error naming it. */
    private JsonNode call(String method, Object request) {
        JsonNode answer;
        try {
            answer = plugin.client().call(method, request);
        } catch (PluginClient.CallFailed e) {
            throw EngineException.internal("plugin " + name() + ": " + e.getMessage(), e);
        }
        String err = answer.path("Err").asText("");
        if (!err.isEmpty()) {
            throw EngineException.internal(err, null);
        }
        return answer;
    }
}
