package dev.berth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.persistence.container.VolumeBind;
import dev.berth.spi.EngineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's {@code HostConfig.Mounts} ({@code --mount}) to the typed mount records, with dockerd's
 * checks and messages (its order: target, then the type's own fields), and back for inspect.
 */
final class ApiMounts {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What the entries of {@code Mounts} become. */
    record Parsed(List<BindMount> binds, List<VolumeBind> volumes, List<TmpfsMount> tmpfs) {}

    private ApiMounts() {}

    static Parsed parse(JsonNode mounts) {
        List<BindMount> binds = new ArrayList<>();
        List<VolumeBind> volumes = new ArrayList<>();
        List<TmpfsMount> tmpfs = new ArrayList<>();
        if (mounts == null || mounts.isNull()) {
            return new Parsed(binds, volumes, tmpfs);
        }
        for (JsonNode m : mounts) {
            String type = m.path("Type").asText("");
            String source = m.path("Source").asText("");
            String target = m.path("Target").asText("");
            boolean readOnly = m.path("ReadOnly").asBoolean(false);
            checkTarget(type, target);
            switch (type) {
                case "bind" -> binds.add(bind(m, source, target, readOnly));
                case "volume" -> volumes.add(volume(m, source, target, readOnly));
                case "tmpfs" -> tmpfs.add(tmpfs(m, source, target, readOnly));
                default -> throw invalid(type, "mount type unknown");
            }
        }
        return new Parsed(binds, volumes, tmpfs);
    }

    private static void checkTarget(String type, String target) {
        if (target.isEmpty()) {
            throw invalid(type, "field Target must not be empty");
        }
        if (target.startsWith("/") && Path.of(target).normalize().toString().equals("/")) {
            throw invalid(type, "invalid specification: destination can't be '/'");
        }
        if (!target.startsWith("/")) {
            throw invalid(type, "invalid mount path: '" + target + "' mount path must be absolute");
        }
    }

    private static BindMount bind(JsonNode m, String source, String target, boolean readOnly) {
        if (source.isEmpty()) {
            throw invalid("bind", "field Source must not be empty");
        }
        extra(m, "bind", "VolumeOptions");
        extra(m, "bind", "TmpfsOptions");
        if (!source.startsWith("/")) {
            throw invalid("bind", "invalid mount path: '" + source + "' mount path must be absolute");
        }
        // Unlike -v, --mount never creates the host path.
        if (!Files.exists(Path.of(source))) {
            throw invalid("bind", "bind source path does not exist: " + source);
        }
        JsonNode options = m.path("BindOptions");
        for (String unsupported : List.of("CreateMountpoint", "ReadOnlyNonRecursive", "ReadOnlyForceRecursive")) {
            if (options.path(unsupported).asBoolean(false)) {
                throw EngineException.invalid("BindOptions." + unsupported + " is not supported by Berth yet");
            }
        }
        List<BindMount.Option> mode = new ArrayList<>();
        if (readOnly) {
            mode.add(BindMount.Option.RO);
        }
        String propagation = options.path("Propagation").asText("");
        if (!propagation.isEmpty()) {
            BindMount.Option p = BindMount.Option.of(propagation);
            if (p == null || !p.isPropagation()) {
                throw invalid("bind", "invalid propagation mode: " + propagation);
            }
            mode.add(p);
        }
        return new BindMount(source, target, mode, options.path("NonRecursive").asBoolean(false), GivenAs.MOUNTS);
    }

    private static VolumeBind volume(JsonNode m, String source, String target, boolean readOnly) {
        extra(m, "volume", "BindOptions");
        extra(m, "volume", "TmpfsOptions");
        boolean anonymous = source.isEmpty();
        if (readOnly && anonymous) {
            throw invalid("volume", "must not set ReadOnly mode when using anonymous volumes");
        }
        JsonNode options = m.path("VolumeOptions");
        if (!options.path("Subpath").asText("").isEmpty()) {
            throw EngineException.invalid("VolumeOptions.Subpath is not supported by Berth yet");
        }
        List<BindMount.Option> mode = new ArrayList<>();
        if (readOnly) {
            mode.add(BindMount.Option.RO);
        }
        if (options.path("NoCopy").asBoolean(false)) {
            mode.add(BindMount.Option.NOCOPY);
        }
        Map<String, String> driverOptions = new LinkedHashMap<>();
        options.path("DriverConfig").path("Options").fields()
                .forEachRemaining(e -> driverOptions.put(e.getKey(), e.getValue().asText()));
        String driver = options.path("DriverConfig").path("Name").asText("");
        if (!isZero(options.path("Labels"))) {
            throw EngineException.invalid("VolumeOptions.Labels is not supported by Berth yet");
        }
        return new VolumeBind(source, driver, target, mode, anonymous, GivenAs.MOUNTS, driverOptions);
    }

    private static TmpfsMount tmpfs(JsonNode m, String source, String target, boolean readOnly) {
        extra(m, "tmpfs", "BindOptions");
        extra(m, "tmpfs", "VolumeOptions");
        if (!source.isEmpty()) {
            throw invalid("tmpfs", "field Source must not be specified");
        }
        JsonNode options = m.path("TmpfsOptions");
        List<String> out = new ArrayList<>();
        if (readOnly) {
            out.add("ro");
        }
        long size = GoNumbers.read(options.get("SizeBytes"), "TmpfsOptions.HostConfig.Mounts.TmpfsOptions.SizeBytes",
                "int64", Long.MAX_VALUE);
        if (size < 0) {
            throw invalid("tmpfs", "invalid tmpfs size: " + size);
        }
        if (size > 0) {
            out.add("size=" + size);
        }
        long mode = GoNumbers.read(options.get("Mode"), "TmpfsOptions.HostConfig.Mounts.TmpfsOptions.Mode",
                "fs.FileMode", 0xFFFF_FFFFL);
        if (mode != 0) {
            out.add("mode=" + Long.toOctalString(mode & 07777));
        }
        if (!isZero(options.path("Options"))) {
            throw EngineException.invalid("TmpfsOptions.Options is not supported by Berth yet");
        }
        return new TmpfsMount(target, out, GivenAs.MOUNTS);
    }

    /** {@code HostConfig.Mounts} as inspect shows it: the entries of {@code Mounts}, null when none. */
    static JsonNode render(HostConfig h) {
        var out = JSON.arrayNode();
        for (BindMount b : h.binds()) {
            if (b.given() != GivenAs.MOUNTS) {
                continue;
            }
            ObjectNode n = entry("bind", b.source(), b.target(), b.readOnly());
            if (b.propagation() != null || b.nonRecursive()) {
                ObjectNode o = n.putObject("BindOptions");
                if (b.propagation() != null) {
                    o.put("Propagation", b.propagation().word());
                }
                if (b.nonRecursive()) {
                    o.put("NonRecursive", true);
                }
            }
            out.add(n);
        }
        for (VolumeBind v : h.volumes()) {
            if (v.given() != GivenAs.MOUNTS) {
                continue;
            }
            ObjectNode n = entry("volume", v.anonymous() ? "" : v.name(), v.target(), v.readOnly());
            if (v.noCopy() || !v.driver().isEmpty() || !v.driverOptions().isEmpty()) {
                ObjectNode o = n.putObject("VolumeOptions");
                if (v.noCopy()) {
                    o.put("NoCopy", true);
                }
                if (!v.driver().isEmpty() || !v.driverOptions().isEmpty()) {
                    ObjectNode dc = o.putObject("DriverConfig");
                    if (!v.driver().isEmpty()) {
                        dc.put("Name", v.driver());
                    }
                    if (!v.driverOptions().isEmpty()) {
                        ObjectNode opts = dc.putObject("Options");
                        v.driverOptions().forEach(opts::put);
                    }
                }
            }
            out.add(n);
        }
        for (TmpfsMount t : h.tmpfs()) {
            if (t.given() != GivenAs.MOUNTS) {
                continue;
            }
            ObjectNode n = entry("tmpfs", "", t.target(), t.options().contains("ro"));
            ObjectNode o = JSON.objectNode();
            for (String option : t.options()) {
                if (option.startsWith("size=")) {
                    o.put("SizeBytes", Long.parseLong(option.substring(5)));
                } else if (option.startsWith("mode=")) {
                    o.put("Mode", Long.parseLong(option.substring(5), 8));
                }
            }
            if (!o.isEmpty()) {
                n.set("TmpfsOptions", o);
            }
            out.add(n);
        }
        return out.isEmpty() ? null : out;
    }

    private static ObjectNode entry(String type, String source, String target, boolean readOnly) {
        ObjectNode n = JSON.objectNode();
        // Docker's mount.Mount omits empty fields.
        n.put("Type", type);
        if (!source.isEmpty()) {
            n.put("Source", source);
        }
        n.put("Target", target);
        if (readOnly) {
            n.put("ReadOnly", true);
        }
        return n;
    }

    private static void extra(JsonNode m, String type, String field) {
        if (!m.path(field).isMissingNode() && !m.path(field).isNull()) {
            throw invalid(type, "field " + field + " must not be specified");
        }
    }

    private static boolean isZero(JsonNode n) {
        return n.isMissingNode() || n.isNull() || (n.isContainerNode() && n.isEmpty());
    }

    private static EngineException invalid(String type, String problem) {
        return EngineException.invalid("invalid mount config for type \"" + type + "\": " + problem);
    }
}
