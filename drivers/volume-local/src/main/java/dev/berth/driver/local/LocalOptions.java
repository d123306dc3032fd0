package dev.berth.driver.local;

import dev.berth.spi.EngineException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local volume's options as dockerd's {@code local} driver takes them ({@code docker volume create
 * --opt k=v}): {@code type}, {@code o} and {@code device} say what to mount on the volume's
 * {@code _data} directory (nothing: a plain directory), {@code size} asks for a quota.
 *
 * <p>dockerd checks at create only what it can without mounting: the keys, which keys need which,
 * a CIFS device's port and the quota size. A wrong filesystem type or mount option surfaces at the
 * first mount, as there. Absent keys are null; present ones keep their value, empty included.
 */
record LocalOptions(String type, String o, String device, String size) {

    static final LocalOptions NONE = new LocalOptions(null, null, null, null);

    private static final Set<String> KEYS = Set.of("type", "o", "device", "size");
    /** Which keys need which others, checked in this order (dockerd's map has none). */
    private static final Map<String, List<String>> REQUIRES = requires();
    /** docker/go-units' RAMInBytes: a number, an optional binary unit, optional {@code i} and {@code b}. */
    private static final Pattern RAM_SIZE = Pattern.compile("^(\\d+(\\.\\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    /**
     * Checks {@code options} and makes the value.
     *
     * @throws EngineException INVALID_ARGUMENT with dockerd's wording
     */
    static LocalOptions parse(Map<String, String> options) {
        if (options.isEmpty()) {
            return NONE;
        }
        for (String key : options.keySet().stream().sorted().toList()) {
            if (!KEYS.contains(key)) {
                throw EngineException.invalid("invalid option: \"" + key + "\"");
            }
        }
        String type = options.get("type");
        String device = options.get("device");
        if ("cifs".equals(type) && device != null && !device.isEmpty()) {
            checkCifsDevice(device);
        }
        String size = options.get("size");
        if (size != null && ramInBytes(size) > 0) {
            // dockerd sets quotas through XFS project quotas on the volumes directory; Berth has none
            throw EngineException.invalid("quota size requested but no quota support");
        }
        REQUIRES.forEach((key, needed) -> {
            if (options.containsKey(key)) {
                for (String other : needed) {
                    if (!options.containsKey(other)) {
                        throw EngineException.invalid("missing required option: \"" + other + "\"");
                    }
                }
            }
        });
        return new LocalOptions(type, options.get("o"), device, size);
    }

    /** Whether {@code _data} gets a mount of its own (dockerd: a device or a type was given). */
    boolean needsMount() {
        return (device != null && !device.isEmpty()) || (type != null && !type.isEmpty());
    }

    /** The options as given, for storing beside the data. */
    Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "type", type);
        put(m, "o", o);
        put(m, "device", device);
        put(m, "size", size);
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** The port of a CIFS share goes in {@code o=port=…}: mount.cifs ignores one in the device. */
    private static void checkCifsDevice(String device) {
        URI uri;
        try {
            uri = new URI(device);
        } catch (URISyntaxException e) {
            throw EngineException.invalid("error parsing mount device url: " + e.getMessage());
        }
        if (uri.getPort() != -1) {
            throw EngineException.invalid("port not allowed in CIFS device URL, include 'port' in 'o='");
        }
    }

    /** Bytes of a size such as {@code 64m}, {@code 1.5GiB} or {@code 1024} (binary units). */
    static long ramInBytes(String value) {
        Matcher m = RAM_SIZE.matcher(value);
        if (!m.matches()) {
            throw EngineException.invalid("invalid size: '" + value + "'");
        }
        double n = Double.parseDouble(m.group(1).replaceAll("(\\.\\d+)(\\.\\d+)+$", "$1"));
        String unit = m.group(3) == null ? "" : m.group(3).toLowerCase();
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            case "p" -> 50;
            default -> 0;
        };
        return (long) (n * (1L << shift));
    }

    private static Map<String, List<String>> requires() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("device", List.of("type"));
        m.put("type", List.of("device"));
        m.put("o", List.of("device", "type"));
        return m;
    }
}
