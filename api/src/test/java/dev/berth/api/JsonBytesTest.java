package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.berth.api.model.ContainerInspect;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Blackbird must not change a byte of what the API writes: every record of the API model, filled
 * with sample values (and once with nulls), serialises to the same bytes with {@link Json#MAPPER}
 * as with the same mapper without Blackbird (plain reflection, as before), and reads back alike.
 */
class JsonBytesTest {
    private static final ObjectMapper REFLECTIVE = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void everyModelRecordWritesTheSameBytesAsWithoutBlackbird() throws Exception {
        List<Class<?>> records = modelRecords();
        assertTrue(records.size() > 40, "found only " + records.size() + " model records");
        for (Class<?> type : records) {
            for (boolean filled : new boolean[] {true, false}) {
                Object value = sample(type, filled, 0);
                byte[] before = REFLECTIVE.writeValueAsBytes(value);
                byte[] after = Json.write(value);
                assertArrayEquals(before, after, () -> type.getSimpleName() + ": "
                        + new String(before, StandardCharsets.UTF_8) + " became " + new String(after, StandardCharsets.UTF_8));
                if (filled) {
                    assertTrue(before.length > 2 || type.getRecordComponents().length == 0, type + " wrote " + new String(before, StandardCharsets.UTF_8));
                }
                JsonNode readBefore = REFLECTIVE.valueToTree(REFLECTIVE.readValue(before, type));
                JsonNode readAfter = REFLECTIVE.valueToTree(Json.read(before, type));
                assertTrue(readBefore.equals(readAfter), () -> type.getSimpleName() + " reads back differently: " + readAfter);
            }
        }
    }

    /** The top-level and nested records of dev.berth.api.model, from the compiled classes. */
    private static List<Class<?>> modelRecords() throws URISyntaxException, Exception {
        Path dir = Path.of(ContainerInspect.class.getResource("ContainerInspect.class").toURI()).getParent();
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class")) {
                    Class<?> c = Class.forName("dev.berth.api.model." + name.substring(0, name.length() - 6));
                    if (c.isRecord() && java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    private static Object sample(Type type, boolean filled, int depth) throws Exception {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) || raw == Iterable.class || raw == java.util.Collection.class) {
                return filled && depth < 4 ? new ArrayList<>(List.of(sample(args[0], true, depth + 1))) : null;
            }
            if (Set.class.isAssignableFrom(raw)) {
                return filled && depth < 4 ? new LinkedHashSet<>(Set.of(sample(args[0], true, depth + 1))) : null;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (filled && depth < 4) {
                    m.put(sample(args[0], true, depth + 1), sample(args[1], true, depth + 1));
                }
                return filled ? m : null;
            }
            return sample(raw, filled, depth);
        }
        if (type instanceof java.lang.reflect.WildcardType w) {
            return sample(w.getUpperBounds()[0], filled, depth);
        }
        Class<?> c = (Class<?>) type;
        if (c == boolean.class || c == Boolean.class) {
            return c.isPrimitive() ? Boolean.valueOf(filled) : filled ? Boolean.TRUE : null;
        }
        if (c == int.class || c == Integer.class) {
            return c.isPrimitive() || filled ? Integer.valueOf(filled ? 7 : 0) : null;
        }
        if (c == long.class || c == Long.class) {
            return c.isPrimitive() || filled ? Long.valueOf(filled ? 1L << 40 : 0) : null;
        }
        if (c == double.class || c == Double.class) {
            return c.isPrimitive() || filled ? Double.valueOf(filled ? 0.25 : 0) : null;
        }
        if (c == float.class || c == Float.class) {
            return c.isPrimitive() || filled ? Float.valueOf(filled ? 0.5f : 0) : null;
        }
        if (c == short.class || c == Short.class) {
            return c.isPrimitive() || filled ? Short.valueOf((short) (filled ? 3 : 0)) : null;
        }
        if (!filled || depth > 5) {
            return null;
        }
        if (c == String.class || c == Object.class) {
            return "v\u00e9\"" + depth;
        }
        if (c == Instant.class) {
            return Instant.parse("2024-05-06T07:08:09.123456789Z");
        }
        if (c == JsonNode.class) {
            return REFLECTIVE.readTree("{\"k\":[1,\"two\",null]}");
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (c.isArray()) {
            Object a = java.lang.reflect.Array.newInstance(c.getComponentType(), 1);
            java.lang.reflect.Array.set(a, 0, sample(c.getComponentType(), true, depth + 1));
            return a;
        }
        if (c.isRecord()) {
            RecordComponent[] rc = c.getRecordComponents();
            Class<?>[] types = new Class<?>[rc.length];
            Object[] values = new Object[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
                values[i] = sample(rc[i].getGenericType(), true, depth + 1);
            }
            Constructor<?> ctor = c.getDeclaredConstructor(types);
            ctor.setAccessible(true);
            // a compact constructor may refuse some combinations (exactly one of two set): drop one
            for (int drop = -1; drop < rc.length; drop++) {
                Object[] tried = values.clone();
                if (drop >= 0 && !types[drop].isPrimitive()) {
                    tried[drop] = null;
                }
                try {
                    return ctor.newInstance(tried);
                } catch (java.lang.reflect.InvocationTargetException refused) {
                    // try the next
                }
            }
            throw new AssertionError("no sample of " + c + " is accepted by its constructor");
        }
        return null;
    }
}
