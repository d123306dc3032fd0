package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --mount type=…,source=…,target=…} to one entry of {@code HostConfig.Mounts}, as the docker
 * CLI builds it (type defaults to volume); the daemon checks what the entry means.
 */
final class MountSpecs {
    private MountSpecs() {}

    static Map<String, Object> parse(String spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> bind = new LinkedHashMap<>();
        Map<String, Object> volume = new LinkedHashMap<>();
        Map<String, Object> labels = new LinkedHashMap<>();
        Map<String, Object> driver = new LinkedHashMap<>();
        Map<String, Object> driverOptions = new LinkedHashMap<>();
        Map<String, Object> image = new LinkedHashMap<>();
        Map<String, Object> tmpfs = new LinkedHashMap<>();
        boolean volumeOptions = false;
        m.put("Type", "volume");
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT).strip();
            String value = eq < 0 ? null : field.substring(eq + 1);
            if (value == null && !Set.of("readonly", "ro", "volume-nocopy", "bind-nonrecursive").contains(key)) {
                throw invalid(spec, "invalid field '" + field + "' must be a key=value pair");
            }
            volumeOptions |= key.startsWith("volume-");
            switch (key) {
                case "type" -> m.put("Type", value.toLowerCase(Locale.ROOT));
                case "source", "src" -> m.put("Source", value);
                case "target", "destination", "dst" -> m.put("Target", value);
                case "readonly", "ro" -> m.put("ReadOnly", bool(key, value, spec));
                case "consistency" -> m.put("Consistency", value.toLowerCase(Locale.ROOT));
                case "volume-nocopy" -> volume.put("NoCopy", bool(key, value, spec));
                case "volume-subpath" -> volume.put("Subpath", value);
                case "volume-label" -> putPair(labels, value);
                case "volume-driver" -> driver.put("Name", value);
                case "volume-opt" -> putPair(driverOptions, value);
                case "image-subpath" -> image.put("Subpath", value);
                case "bind-propagation" -> bind.put("Propagation", value.toLowerCase(Locale.ROOT));
                case "bind-nonrecursive" -> bind.put("NonRecursive", bool(key, value, spec));
                case "bind-recursive" -> {
                    switch (value) {
                        case "enabled" -> { } // the default: the docker CLI sends nothing for it
                        case "disabled" -> bind.put("NonRecursive", true);
                        case "writable" -> bind.put("ReadOnlyNonRecursive", true);
                        case "readonly" -> bind.put("ReadOnlyForceRecursive", true);
                        default -> throw invalid(spec, "invalid value for bind-recursive: " + value
                                + " (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")");
                    }
                }
                case "tmpfs-size" -> tmpfs.put("SizeBytes", Units.ramInBytes(value));
                case "tmpfs-mode" -> tmpfs.put("Mode", Long.parseLong(value, 8));
                default -> throw invalid(spec, "unexpected key '" + key + "' in '" + field + "'");
            }
        }
        if (volumeOptions) {
            // in the docker CLI's order (Go's VolumeOptions); DriverConfig is sent even when empty
            Map<String, Object> ordered = new LinkedHashMap<>();
            if (volume.containsKey("NoCopy")) ordered.put("NoCopy", volume.get("NoCopy"));
            if (!labels.isEmpty()) ordered.put("Labels", labels);
            if (!"".equals(volume.getOrDefault("Subpath", ""))) ordered.put("Subpath", volume.get("Subpath"));
            if (!driverOptions.isEmpty()) {
                driver.put("Options", driverOptions);
            }
            ordered.put("DriverConfig", driver);
            volume = ordered;
        }
        Object type = m.get("Type");
        if (!m.containsKey("Target") || ((String) m.get("Target")).isEmpty()) {
            throw invalid(spec, "target is required");
        }
        if (volumeOptions && !"volume".equals(type)) {
            throw invalid(spec, "cannot mix 'volume-*' options with mount type '" + type + "'");
        }
        if (!image.isEmpty() && !"image".equals(type)) {
            throw invalid(spec, "cannot mix 'image-*' options with mount type '" + type + "'");
        }
        boolean bindOptions = !bind.isEmpty();
        if (bindOptions && !"bind".equals(type)) {
            throw invalid(spec, "cannot mix 'bind-*' options with mount type '" + type + "'");
        }
        if (!tmpfs.isEmpty() && !"tmpfs".equals(type)) {
            throw invalid(spec, "cannot mix 'tmpfs-*' options with mount type '" + type + "'");
        }
        boolean readOnly = Boolean.TRUE.equals(m.get("ReadOnly"));
        if (bind.containsKey("ReadOnlyNonRecursive") && !readOnly) {
            throw invalid(spec, "option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
        }
        if (bind.containsKey("ReadOnlyForceRecursive")) {
            if (!readOnly) {
                throw invalid(spec, "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
            }
            if (!"rprivate".equals(bind.get("Propagation"))) {
                throw invalid(spec, "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be "
                        + "specified in conjunction");
            }
        }
        if (bindOptions) m.put("BindOptions", bind);
        if (volumeOptions) m.put("VolumeOptions", volume);
        if (!image.isEmpty()) m.put("ImageOptions", image);
        if (!tmpfs.isEmpty()) m.put("TmpfsOptions", tmpfs);
        return m;
    }

    /** The docker CLI's {@code k=v} into a map: a value without {@code =} is a key with "", an empty key is dropped. */
    private static void putPair(Map<String, Object> target, String kv) {
        int at = kv.indexOf('=');
        String k = at < 0 ? kv : kv.substring(0, at);
        if (!k.isEmpty()) {
            target.put(k, at < 0 ? "" : kv.substring(at + 1));
        }
    }

    private static UsageException invalid(String spec, String message) {
        return new UsageException("invalid argument \"" + spec + "\" for \"--mount\" flag: " + message);
    }

    private static boolean bool(String key, String value, String spec) {
        if (value == null) {
            return true;
        }
        // Go's strconv.ParseBool
        return switch (value) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new UsageException("invalid argument \"" + spec + "\" for \"--mount\" flag: invalid value for "
                    + key + ": " + value);
        };
    }
}
