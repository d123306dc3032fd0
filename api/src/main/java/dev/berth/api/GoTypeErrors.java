package dev.berth.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A body value of the wrong JSON type (issue #12), worded as Go's encoding/json words it in dockerd:
 * {@code json: cannot unmarshal number into Go struct field CreateRequest.Image of type string}.
 * The struct is the innermost object the field belongs to, the field its path of property names from
 * the body's root (map keys and list indexes are not part of it), the type the field's Go type.
 */
final class GoTypeErrors {
    // Berth's DTOs whose Go structs (moby's api/types) are named otherwise; the rest share their name.
    private static final Map<String, String> GO_NAMES = Map.ofEntries(
            Map.entry("EndpointConfig", "EndpointSettings"),
            Map.entry("IpamConfig", "EndpointIPAMConfig"),
            Map.entry("ContainerCreateRequest", "CreateRequest"),
            Map.entry("ContainerUpdateRequest", "UpdateConfig"),
            Map.entry("ExecCreateRequest", "ExecOptions"),
            Map.entry("ExecStartRequest", "ExecStartOptions"),
            Map.entry("NetworkCreateRequest", "CreateRequest"),
            Map.entry("NetworkConnectRequest", "ConnectOptions"),
            Map.entry("VolumeCreateRequest", "CreateOptions"),
            Map.entry("NetworkIpam", "IPAM"));

    /**
     * Fields whose Go type Berth's Java type does not tell: Go ints (64-bit) bound to Java long, and
     * unsigned ones bound to Java int or long, keyed by the DTO's simple name and the JSON field.
     */
    private static final Map<String, String> GO_TYPES = Map.ofEntries(
            Map.entry("ContainerCreateRequest.StopTimeout", "int"),
            Map.entry("ContainerConfig.StopTimeout", "int"),
            Map.entry("HostConfig.OomScoreAdj", "int"),
            Map.entry("RestartPolicy.MaximumRetryCount", "int"),
            Map.entry("HostConfig.BlkioWeight", "uint16"),
            Map.entry("ContainerUpdateRequest.BlkioWeight", "uint16"),
            Map.entry("WeightDevice.Weight", "uint16"),
            Map.entry("ThrottleDevice.Rate", "uint64"));

    private GoTypeErrors() {}

    /** Go's message for {@code e}, or null when it is not about a value's type. */
    static String message(MismatchedInputException e) {
        return message(goValue(e), e.getPath(), e.getTargetType());
    }

    /**
     * Go's message for a number beyond the field's Java type ({@code e} wraps Jackson's out-of-range
     * error with the field's path): Go names the number, as for any overflow of its integer types.
     */
    static String outOfRange(JsonMappingException e, InputCoercionException cause) {
        JsonParser p = cause.getProcessor();
        if (p == null || e.getPath().isEmpty()) {
            return null;
        }
        return message("number " + text(p), e.getPath(), cause.getTargetType());
    }

    private static String message(String value, List<JsonMappingException.Reference> path, Class<?> target) {
        if (value == null) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        Class<?> struct = null;
        String field = null;
        boolean inElement = false;
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null && ref.getFrom() instanceof Class<?> owner) {
                fields.add(ref.getFieldName());
                struct = owner;
                field = ref.getFieldName();
                inElement = false;
            } else if (ref.getFieldName() != null && !(ref.getFrom() instanceof Map<?, ?>)) {
                fields.add(ref.getFieldName()); // a bean's property read into an instance
                struct = ref.getFrom() == null ? null : ref.getFrom().getClass();
                field = ref.getFieldName();
                inElement = false;
            } else {
                inElement = true; // a map value or a list element: Go names the field holding them
            }
        }
        Type declared = struct == null ? null : componentType(struct, field);
        String type = declared == null ? goType(target) : goType(inElement ? element(declared) : declared);
        if (struct != null && !inElement) {
            type = GO_TYPES.getOrDefault(struct.getSimpleName() + "." + field, type);
        }
        if (struct == null) {
            return "json: cannot unmarshal " + value + " into Go value of type " + type;
        }
        String numberWord = value.startsWith("number ") && !"int".equals(type) && !type.startsWith("int")
                && !type.startsWith("uint") ? "number" : value;
        return "json: cannot unmarshal " + numberWord + " into Go struct field " + goName(struct) + "."
                + String.join(".", fields) + " of type " + type;
    }

    /** What Go calls the offending JSON value; a float carries its literal (Go's "number 1.5"). */
    private static String goValue(MismatchedInputException e) {
        if (!(e.getProcessor() instanceof JsonParser p)) {
            return null;
        }
        JsonToken t = p.currentToken();
        if (t == null) {
            return null;
        }
        return switch (t) {
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT -> "number";
            case VALUE_NUMBER_FLOAT -> "number " + text(p);
            case VALUE_TRUE, VALUE_FALSE -> "bool";
            case START_ARRAY -> "array";
            case START_OBJECT, FIELD_NAME -> "object";
            default -> null;
        };
    }

    private static String text(JsonParser p) {
        try {
            return p.getText();
        } catch (IOException e) {
            return "";
        }
    }

    private static Type componentType(Class<?> owner, String jsonName) {
        if (!owner.isRecord()) {
            return null;
        }
        for (RecordComponent c : owner.getRecordComponents()) {
            JsonProperty p = c.getAnnotation(JsonProperty.class);
            if (p != null ? p.value().equals(jsonName) : c.getName().equals(jsonName)) {
                return c.getGenericType();
            }
        }
        return null;
    }

    /** The element type of a list or the value type of a map; the type itself otherwise. */
    private static Type element(Type t) {
        if (t instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            Type[] args = pt.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return args[0];
            }
            if (Map.class.isAssignableFrom(raw)) {
                return args[1];
            }
        }
        return t;
    }

    private static String goType(Type t) {
        if (t instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> raw) {
            Type[] args = pt.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return "[]" + goType(args[0]);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return "map[" + goType(args[0]) + "]" + goType(args[1]);
            }
            return goType(raw);
        }
        if (!(t instanceof Class<?> c)) {
            return "interface {}";
        }
        if (c == String.class) {
            return "string";
        }
        if (c == int.class || c == Integer.class) {
            return "int";
        }
        if (c == long.class || c == Long.class) {
            return "int64";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "bool";
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
            return "float64";
        }
        if (Collection.class.isAssignableFrom(c)) {
            return "[]string";
        }
        if (Map.class.isAssignableFrom(c)) {
            return "map[string]string";
        }
        if (c == Object.class || JsonNode.class.isAssignableFrom(c)) {
            return "interface {}";
        }
        return goName(c);
    }

    private static String goName(Class<?> c) {
        return GO_NAMES.getOrDefault(c.getSimpleName(), c.getSimpleName());
    }
}
