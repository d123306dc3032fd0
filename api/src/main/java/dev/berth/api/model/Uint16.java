package dev.berth.api.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * A field Go types {@code uint16} ({@code BlkioWeight}, a weight device's {@code Weight}): a number
 * outside 0..65535 is refused as Go's decoder refuses it, before any check of Berth's (the API's
 * error mapping words it {@code json: cannot unmarshal number 70000 into Go struct field … of type
 * uint16}). Null stays null; {@link Primitive} reads it as 0, for an {@code int} component.
 */
public class Uint16 extends StdDeserializer<Integer> {
    public Uint16() {
        super(Integer.class);
    }

    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
            return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
        }
        long v = p.getLongValue(); // a number beyond long is Jackson's own range error
        if (v < 0 || v > 0xFFFF) {
            throw new InputCoercionException(p, "Numeric value (" + p.getText() + ") out of range of uint16",
                    JsonToken.VALUE_NUMBER_INT, Integer.TYPE);
        }
        return (int) v;
    }

    /** For an {@code int} component: null or absent is 0. */
    public static final class Primitive extends Uint16 {
        @Override
        public Integer getNullValue(DeserializationContext ctxt) {
            return 0;
        }
    }
}
