package dev.berth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.ImageMount;
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
    record Parsed(List<BindMount> binds, List<VolumeBind> volumes, List<TmpfsMount> tmpfs, List<ImageMount> images) {}

    private ApiMounts() {}

    static Parsed parse(JsonNode mounts) {
        List<BindMount> binds = new ArrayList<>();
        List<VolumeBind> volumes = new ArrayList<>();
        List<TmpfsMount> tmpfs = new ArrayList<>();
        List<ImageMount> images = new ArrayList<>();
        if (mounts == null || mounts.isNull()) {
            return new Parsed(binds, volumes, tmpfs, images);
        }
        for (JsonNode m : mounts) {
            String type = m.path("Type").asText("");
            String source = m.path("Source").asText("");
            String target = m.path("Target").asText("");
            boolean readOnly = m.path("ReadOnly").asBoolean(false);
            exclusiveOptions(m, type);
            checkTarget(type, target);
            switch (type) {
                case "bind" -> binds.add(bind(m, source, target, readOnly));
                case "volume" -> volumes.add(volume(m, source, target, readOnly));
                case "tmpfs" -> tmpfs.add(tmpfs(m, source, target, readOnly));
                case "image" -> images.add(image(m, source, target, readOnly));
                default -> throw invalid(type, "mount type unknown");
            }
        }
        return new Parsed(binds, volumes, tmpfs, images);
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
        if (!source.startsWith("/")) {
            throw invalid("bind", "invalid mount path: '" + source + "' mount path must be absolute");
        }
        // Unlike -v, --mount makes no host path, unless CreateMountpoint asks it to (at start, as -v).
        boolean createMountpoint = m.path("BindOptions").path("CreateMountpoint").asBoolean(false);
        if (!createMountpoint && !Files.exists(Path.of(source))) {
            throw invalid("bind", "bind source path does not exist: " + source);
        }
        JsonNode options = m.path("BindOptions");
        boolean nonRecursiveReadOnly = options.path("ReadOnlyNonRecursive").asBoolean(false);
        boolean forceRecursiveReadOnly = options.path("ReadOnlyForceRecursive").asBoolean(false);
        if (nonRecursiveReadOnly && forceRecursiveReadOnly) {
            throw EngineException.invalid("mount options conflict: ReadOnlyNonRecursive && ReadOnlyForceRecursive");
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
        return new BindMount(source, target, mode, options.path("NonRecursive").asBoolean(false), GivenAs.MOUNTS,
                createMountpoint, nonRecursiveReadOnly ? BindMount.ReadOnlyDepth.NON_RECURSIVE
                        : forceRecursiveReadOnly ? BindMount.ReadOnlyDepth.RECURSIVE : null);
    }

    private static VolumeBind volume(JsonNode m, String source, String target, boolean readOnly) {
        boolean anonymous = source.isEmpty();
        if (readOnly && anonymous) {
            throw invalid("volume", "must not set ReadOnly mode when using anonymous volumes");
        }
        JsonNode options = m.path("VolumeOptions");
        String subpath = options.path("Subpath").asText("");
        if (!subpath.isEmpty() && anonymous) {
            throw invalid("volume", "must not set Subpath when using anonymous volumes");
        }
        checkSubpath("volume", subpath);
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
        Map<String, String> labels = new LinkedHashMap<>();
        options.path("Labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new VolumeBind(source, driver, target, mode, anonymous, GivenAs.MOUNTS, driverOptions, subpath, labels);
    }

    private static ImageMount image(JsonNode m, String source, String target, boolean readOnly) {
        if (source.isEmpty()) {
            throw invalid("image", "field Source must not be empty");
        }
        String subpath = m.path("ImageOptions").path("Subpath").asText("");
        checkSubpath("image", subpath);
        return new ImageMount(source, "", List.of(), target, subpath, readOnly);
    }

    private static TmpfsMount tmpfs(JsonNode m, String source, String target, boolean readOnly) {
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
        for (JsonNode option : options.path("Options")) {
            // dockerd's list: exec and noexec (over the noexec of Docker's tmpfs defaults)
            if (!option.isArray() || option.size() < 1 || option.size() > 2) {
                throw invalid("tmpfs", "invalid option array length");
            }
            String key = option.get(0).asText();
            if (!key.equals("exec") && !key.equals("noexec")) {
                throw invalid("tmpfs", "invalid option: " + key);
            }
            out.add(option.size() == 1 ? key : key + "=" + option.get(1).asText());
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
            if (b.propagation() != null || b.nonRecursive() || b.createMountpoint() || b.readOnlyDepth() != null) {
                ObjectNode o = n.putObject("BindOptions");
                if (b.propagation() != null) {
                    o.put("Propagation", b.propagation().word());
                }
                if (b.nonRecursive()) {
                    o.put("NonRecursive", true);
                }
                if (b.createMountpoint()) {
                    o.put("CreateMountpoint", true);
                }
                if (b.depth() == BindMount.ReadOnlyDepth.NON_RECURSIVE) {
                    o.put("ReadOnlyNonRecursive", true);
                } else if (b.depth() == BindMount.ReadOnlyDepth.RECURSIVE) {
                    o.put("ReadOnlyForceRecursive", true);
                }
            }
            out.add(n);
        }
        for (VolumeBind v : h.volumes()) {
            if (v.given() != GivenAs.MOUNTS) {
                continue;
            }
            ObjectNode n = entry("volume", v.anonymous() ? "" : v.name(), v.target(), v.readOnly());
            if (v.noCopy() || !v.driver().isEmpty() || !v.driverOptions().isEmpty() || !v.subpath().isEmpty()
                    || !v.labels().isEmpty()) {
                ObjectNode o = n.putObject("VolumeOptions");
                if (v.noCopy()) {
                    o.put("NoCopy", true);
                }
                if (!v.labels().isEmpty()) {
                    ObjectNode labels = o.putObject("Labels");
                    v.labels().forEach(labels::put);
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
                if (!v.subpath().isEmpty()) {
                    o.put("Subpath", v.subpath());
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
                } else if (!option.equals("ro")) {
                    // exec, noexec: given as TmpfsOptions.Options
                    int eq = option.indexOf('=');
                    var pair = (o.has("Options") ? (com.fasterxml.jackson.databind.node.ArrayNode) o.get("Options")
                            : o.putArray("Options")).addArray();
                    pair.add(eq < 0 ? option : option.substring(0, eq));
                    if (eq >= 0) {
                        pair.add(option.substring(eq + 1));
                    }
                }
            }
            if (!o.isEmpty()) {
                n.set("TmpfsOptions", o);
            }
            out.add(n);
        }
        for (ImageMount i : h.imageMounts()) {
            ObjectNode n = entry("image", i.image(), i.target(), i.readOnly());
            if (!i.subpath().isEmpty()) {
                n.putObject("ImageOptions").put("Subpath", i.subpath());
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

    /** A volume's or image's subpath: "" (none), or local by Go's rule (dockerd's message names a volume for both). */
    private static void checkSubpath(String type, String subpath) {
        if (!subpath.isEmpty() && !isLocal(subpath)) {
            throw invalid(type, "subpath must be a relative path within the volume");
        }
    }

    /** Go's {@code filepath.IsLocal}: relative, not empty, and never above where it starts. */
    static boolean isLocal(String path) {
        if (path.isEmpty() || path.startsWith("/")) {
            return false;
        }
        int depth = 0;
        for (String part : path.split("/")) {
            if (part.equals("..")) {
                if (--depth < 0) {
                    return false;
                }
            } else if (!part.isEmpty() && !part.equals(".")) {
                depth++;
            }
        }
        return true;
    }

    /** dockerd's first check: each type's options only on a mount of that type. */
    private static void exclusiveOptions(JsonNode m, String type) {
        for (var typeAndField : List.of(List.of("bind", "BindOptions"), List.of("volume", "VolumeOptions"),
                List.of("image", "ImageOptions"), List.of("tmpfs", "TmpfsOptions"))) {
            String field = typeAndField.get(1);
            if (!type.equals(typeAndField.get(0)) && !m.path(field).isMissingNode() && !m.path(field).isNull()) {
                throw invalid(type, "field " + field + " must not be specified");
            }
        }
    }

    private static EngineException invalid(String type, String problem) {
        return EngineException.invalid("invalid mount config for type \"" + type + "\": " + problem);
    }
}
