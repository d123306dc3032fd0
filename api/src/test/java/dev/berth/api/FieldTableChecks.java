package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.api.FieldTable.Rule;
import dev.berth.api.FieldTable.Status;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What every field table is held to: the spec's names and the model records' {@code @JsonProperty}s. */
final class FieldTableChecks {
    private FieldTableChecks() {}

    /** Spec names (from a {@code spec/*.txt} resource) with no rule and no object in the table. */
    static List<String> specFieldsWithoutStatus(FieldTable table, String resource) throws IOException {
        return resourceLines(resource).stream()
                .filter(f -> table.rule(f) == null && !table.objects().contains(f)).toList();
    }

    /** Rules for paths the spec does not have. */
    static List<String> rulesNotInSpec(FieldTable table, String resource) throws IOException {
        List<String> spec = resourceLines(resource);
        return table.rules().stream().map(Rule::path).filter(p -> !spec.contains(p)).toList();
    }

    /** Model paths with no status: no rule, not an object, and not inside a value a rule judges whole. */
    static List<String> modelFieldsWithoutStatus(FieldTable table, Class<?> model) {
        List<String> paths = modelPaths(model);
        assertThat(paths).as("the walk sees %s", model.getSimpleName()).isNotEmpty();
        return paths.stream().filter(p -> table.rule(p) == null && !table.objects().contains(p)
                && !insideRule(table, p)).toList();
    }

    /** Rules claiming HONOURED for a path the model does not bind (nor a parent of it). */
    static List<String> honouredButUnbound(FieldTable table, Class<?> model) {
        List<String> bound = modelPaths(model);
        return table.rules().stream().filter(r -> r.status() == Status.HONOURED).map(Rule::path)
                .filter(p -> bound.stream().noneMatch(b -> p.equals(b) || p.startsWith(b + "."))).toList();
    }

    private static boolean insideRule(FieldTable table, String path) {
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            if (table.rule(path.substring(0, dot)) != null) {
                return true;
            }
        }
        return false;
    }

    /** Every {@code @JsonProperty} path of a model record, nested records and map values ({@code .*}) included. */
    static List<String> modelPaths(Class<?> model) {
        List<String> out = new ArrayList<>();
        collect(model, "", out);
        return out;
    }

    private static void collect(Class<?> record, String prefix, List<String> out) {
        for (RecordComponent c : record.getRecordComponents()) {
            String name = jsonName(record, c);
            if (name == null) {
                continue;
            }
            String path = prefix + name;
            out.add(path);
            Class<?> nested = nestedRecord(c.getGenericType());
            if (nested != null) {
                boolean map = Map.class.isAssignableFrom(c.getType()) || List.class.isAssignableFrom(c.getType());
                collect(nested, path + (map ? ".*." : "."), out);
            }
        }
    }

    /** {@code @JsonProperty} cannot target a record component: it lands on the component's field. */
    private static String jsonName(Class<?> record, RecordComponent c) {
        try {
            JsonProperty p = record.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class);
            return p == null ? null : p.value();
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    /** The model record a component holds: itself, a map's values or a list's elements. */
    private static Class<?> nestedRecord(Type type) {
        if (type instanceof Class<?> c && c.isRecord() && c.getPackageName().equals("dev.berth.api.model")) {
            return c;
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() == Map.class) {
            return nestedRecord(pt.getActualTypeArguments()[1]);
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() == List.class) {
            return nestedRecord(pt.getActualTypeArguments()[0]);
        }
        return null;
    }

    static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = FieldTableChecks.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
