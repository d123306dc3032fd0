package dev.berth.api.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Docker's strslice: a JSON string is a one-element list (clients before 1.25 sent strings). */
final class StringOrList extends JsonDeserializer<List<String>> {
    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            return List.of(p.getText());
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            return ctxt.reportInputMismatch(List.class, "expected a string or a list of strings");
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            // Go's strslice takes strings (a null is ""), never a number or a bool coerced to text
            if (p.currentToken() != JsonToken.VALUE_STRING && p.currentToken() != JsonToken.VALUE_NULL) {
                return ctxt.reportInputMismatch(List.class, "expected a string or a list of strings");
            }
            out.add(p.currentToken() == JsonToken.VALUE_NULL ? "" : p.getText());
        }
        return out;
    }

    @Override
    public List<String> getNullValue(DeserializationContext ctxt) {
        return null;
    }
}
