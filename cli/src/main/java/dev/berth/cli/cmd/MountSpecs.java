package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

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
        Map<String, Object> driver = new LinkedHashMap<>();
        Map<String, Object> driverOptions = new LinkedHashMap<>();
        Map<String, Object> tmpfs = new LinkedHashMap<>();
        m.put("Type", "volume");
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT).strip();
            String value = eq < 0 ? null : field.substring(eq + 1);
            switch (key) {
                case "type" -> m.put("Type", required(key, value, spec));
                case "source", "src" -> m.put("Source", required(key, value, spec));
                case "target", "destination", "dst" -> m.put("Target", required(key, value, spec));
                case "readonly", "ro" -> m.put("ReadOnly", bool(key, value, spec));
                case "volume-nocopy" -> volume.put("NoCopy", bool(key, value, spec));
                case "volume-driver" -> driver.put("Name", required(key, value, spec));
                case "volume-opt" -> {
                    String kv = required(key, value, spec);
                    int at = kv.indexOf('=');
                    driverOptions.put(at < 0 ? kv : kv.substring(0, at), at < 0 ? "" : kv.substring(at + 1));
                }
                case "bind-propagation" -> bind.put("Propagation", required(key, value, spec));
                case "bind-nonrecursive" -> bind.put("NonRecursive", bool(key, value, spec));
                case "tmpfs-size" -> tmpfs.put("SizeBytes", Units.ramInBytes(required(key, value, spec)));
                case "tmpfs-mode" -> tmpfs.put("Mode", Long.parseLong(required(key, value, spec), 8));
                default -> throw new UsageException("invalid argument \"" + spec + "\" for \"--mount\" flag: unexpected key '"
                        + key + "' in '" + field + "'");
            }
        }
        if (!driverOptions.isEmpty()) {
            driver.put("Options", driverOptions);
        }
        if (!driver.isEmpty()) {
            volume.put("DriverConfig", driver);
        }
        if (!bind.isEmpty()) m.put("BindOptions", bind);
        if (!volume.isEmpty()) m.put("VolumeOptions", volume);
        if (!tmpfs.isEmpty()) m.put("TmpfsOptions", tmpfs);
        return m;
    }

    private static String required(String key, String value, String spec) {
        if (value == null) {
            throw new UsageException("invalid argument \"" + spec + "\" for \"--mount\" flag: invalid field '" + key
                    + "' must be a key=value pair");
        }
        return value;
    }

    private static boolean bool(String key, String value, String spec) {
        if (value == null) {
            return true;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw new UsageException("invalid argument \"" + spec + "\" for \"--mount\" flag: invalid value for "
                    + key + ": " + value);
        };
    }
}
