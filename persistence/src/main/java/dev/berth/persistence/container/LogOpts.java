package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The log drivers' options, checked and read as dockerd's {@code json-file} and {@code local} drivers
 * do (moby {@code daemon/logger/jsonfilelog}, {@code daemon/logger/local}), with their words.
 */
final class LogOpts {
    private LogOpts() {}

    private static final Set<String> ROTATION = Set.of("max-size", "max-file", "compress");
    // dockerd's attributes added to each entry and its logging modes: not done by Berth, refused by name
    private static final Set<String> NOT_YET = Set.of("labels", "labels-regex", "env", "env-regex", "tag", "mode",
            "max-buffer-size");
    private static final long LOCAL_MAX_SIZE = 20L * 1024 * 1024;
    private static final int LOCAL_MAX_FILE = 5;
    // go-units' FromHumanSize: a decimal number, an optional decimal unit (k = 1000), optional b/B
    private static final Pattern HUMAN_SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    static void check(LogConfig.Driver type, Map<String, String> config) {
        if (type == LogConfig.Driver.NONE) {
            return; // dockerd checks nothing for none
        }
        for (String key : config.keySet()) {
            if (NOT_YET.contains(key)) {
                throw EngineException.invalid("log opt '" + key + "' is not supported by Berth yet");
            }
            if (!ROTATION.contains(key)) {
                throw EngineException.invalid(type == LogConfig.Driver.JSON_FILE
                        ? "unknown log opt '" + key + "' for json-file log driver"
                        : "unknown log opt '" + key + "' for log driver local");
            }
        }
        if (type == LogConfig.Driver.JSON_FILE) {
            long size = maxSize(type, config);
            int files = maxFile(type, config);
            if (compress(type, config) && (files == 1 || size == -1)) {
                throw EngineException.invalid(
                        "compress cannot be true when max-file is less than 2 or max-size is not set");
            }
        } else {
            maxSize(type, config);
            if (maxFile(type, config) < 0) {
                throw EngineException.invalid("max-file must not be negative");
            }
            if (compress(type, config) && maxFile(type, config) <= 1) {
                throw EngineException.invalid("compression cannot be enabled when max file count is 1");
            }
        }
    }

    static long maxSize(LogConfig.Driver type, Map<String, String> config) {
        String v = config.get("max-size");
        if (type == LogConfig.Driver.LOCAL) {
            if (v == null) {
                return LOCAL_MAX_SIZE;
            }
            long size;
            try {
                size = fromHumanSize(v);
            } catch (EngineException e) {
                throw EngineException.invalid("invalid value for max-size: " + v + ": " + e.getMessage());
            }
            if (size < 0) {
                throw EngineException.invalid("max-size must not be negative");
            }
            return size == 0 ? -1 : size;
        }
        if (type != LogConfig.Driver.JSON_FILE || v == null) {
            return -1;
        }
        long size = fromHumanSize(v);
        if (size <= 0) {
            throw EngineException.invalid("max-size must be a positive number");
        }
        return size;
    }

    static int maxFile(LogConfig.Driver type, Map<String, String> config) {
        String v = config.get("max-file");
        if (type == LogConfig.Driver.NONE) {
            return 1;
        }
        if (v == null) {
            return type == LogConfig.Driver.LOCAL ? LOCAL_MAX_FILE : 1;
        }
        int files;
        try {
            files = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            String atoi = "strconv.Atoi: parsing \"" + v + "\": invalid syntax";
            throw EngineException.invalid(type == LogConfig.Driver.LOCAL ? "invalid value for max-file: " + v + ": " + atoi : atoi);
        }
        if (type == LogConfig.Driver.JSON_FILE && files < 1) {
            throw EngineException.invalid("max-file cannot be less than 1");
        }
        return type == LogConfig.Driver.LOCAL && files == 0 ? 1 : files;
    }

    static boolean compress(LogConfig.Driver type, Map<String, String> config) {
        String v = config.get("compress");
        if (v == null) {
            return type == LogConfig.Driver.LOCAL;
        }
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> {
                String parse = "strconv.ParseBool: parsing \"" + v + "\": invalid syntax";
                throw EngineException.invalid(type == LogConfig.Driver.LOCAL
                        ? "invalid boolean value for compress: " + parse : parse);
            }
        };
    }

    /** go-units' FromHumanSize: "10k" is 10000 bytes, "1.5m" 1500000. */
    static long fromHumanSize(String text) {
        Matcher m = HUMAN_SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw EngineException.invalid("invalid size: '" + text + "'");
        }
        BigDecimal n = new BigDecimal(m.group(1));
        int power = m.group(2) == null ? 0 : "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
        return n.multiply(BigDecimal.valueOf(1000).pow(power)).longValue();
    }
}
