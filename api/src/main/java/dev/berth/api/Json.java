package dev.berth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The API boundary's one ObjectMapper: Docker ignores unknown fields, so do we. Blackbird reads
 * the DTOs' accessors through generated lambdas instead of reflection, whose access check on every
 * call was a quarter of an inspect's handler time; the bytes written are the same (JsonBytesTest).
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new BlackbirdModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Go's decoder (dockerd) takes no value of another JSON type (issue #12): {"Image":5},
            // {"Tty":"yes"}, {"Tty":1}, {"Memory":"1g"}, {"Memory":1.5} are 400s, never coerced
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    static {
        MAPPER.coercionConfigDefaults().setAcceptBlankAsEmpty(false);
        for (LogicalType scalar : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            for (CoercionInputShape from : List.of(CoercionInputShape.String, CoercionInputShape.EmptyString)) {
                MAPPER.coercionConfigFor(scalar).setCoercion(from, CoercionAction.Fail);
            }
        }
        MAPPER.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        for (CoercionInputShape from : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            MAPPER.coercionConfigFor(LogicalType.Textual).setCoercion(from, CoercionAction.Fail);
        }
    }

    private Json() {}

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the value into {@code buf} (a Netty buffer outside the Java heap): a large answer (`ps -a` at
     * 10,000 containers is ~7 MB) then never becomes one heap array bigger than the young generation,
     * which Serial would put straight into the old generation and collect with full GCs.
     */
    static void write(Object value, ByteBuf buf) {
        try {
            MAPPER.writeValue((OutputStream) new ByteBufOutputStream(buf), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON value followed by a newline, as Docker's streaming encoders write them. */
    static byte[] line(Object value) {
        byte[] json = write(value);
        byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
        out[json.length] = '\n';
        return out;
    }

    static <T> T read(byte[] body, Class<T> type) throws IOException {
        return MAPPER.readValue(body, type);
    }
}
