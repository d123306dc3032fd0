package dev.berth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.spi.EngineException;
import java.util.Locale;

/**
 * A number of a body part Berth reads as a JSON tree (Ulimits, Mounts), checked as Go's decoder
 * checks the field's type: a string, a fraction or a number beyond the type is dockerd's 400
 * ({@code json: cannot unmarshal number 99999999999999999999 into Go struct field Ulimit.HostConfig.Ulimits.Soft
 * of type int64}), never wrapped or read as 0.
 */
final class GoNumbers {
    private GoNumbers() {}

    /**
     * The value, 0 when absent or null.
     *
     * @param field  Go's name for it: the struct, then the path of JSON fields from the body's root
     * @param goType Go's type name, {@code int64} or an unsigned type ({@code uint32}, {@code fs.FileMode})
     * @param max    the type's largest value (Long.MAX_VALUE for int64); unsigned types also refuse negatives
     */
    static long read(JsonNode v, String field, String goType, long max) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return 0;
        }
        boolean signed = max == Long.MAX_VALUE;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() > max || (!signed && v.longValue() < 0)) {
            String what = v.isNumber() ? "number " + v.asText() : v.getNodeType().name().toLowerCase(Locale.ROOT);
            throw EngineException.invalid("json: cannot unmarshal " + what + " into Go struct field " + field
                    + " of type " + goType);
        }
        return v.longValue();
    }
}
