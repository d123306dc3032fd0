package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.api.FieldTable.Rule;
import dev.berth.api.FieldTable.Status;
import dev.berth.api.model.ContainerCreateRequest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The create body's field table against the spec (names in {@code spec/create-body-fields.txt},
 * written by {@code scripts/spec-names}) and against the model records: a field added to either
 * without a status fails here.
 */
class CreateFieldsTest {
    private static final FieldTable TABLE = CreateFields.TABLE;

    @Test
    void everySpecField_hasAStatus() throws IOException {
        List<String> missing = specFields().stream().filter(f -> !listed(f)).toList();
        assertThat(missing).as("create-body fields of the spec with no status in CreateFields").isEmpty();
    }

    @Test
    void everyListedField_isInTheSpec() throws IOException {
        List<String> spec = specFields();
        List<String> invented = new ArrayList<>();
        TABLE.rules().forEach(r -> {
            if (!spec.contains(r.path())) {
                invented.add(r.path());
            }
        });
        assertThat(invented).as("paths in CreateFields that the spec does not have").isEmpty();
    }

    @Test
    void everyModelComponent_hasAStatus() {
        List<String> bound = new ArrayList<>();
        collectModel(ContainerCreateRequest.class, "", bound);
        assertThat(bound).as("the walk sees the model").contains("HostConfig.Init", "HostConfig.RestartPolicy.Name",
                "NetworkingConfig.EndpointsConfig.*.Aliases");
        List<String> missing = new ArrayList<>();
        walkModel(ContainerCreateRequest.class, "", missing);
        assertThat(missing).as("@JsonProperty components of the api model records with no status in CreateFields")
                .isEmpty();
    }

    /** A field claimed honoured must reach the engine: the model records must bind it (or its parent). */
    @Test
    void everyHonouredField_isBoundByTheModel() {
        List<String> bound = new ArrayList<>();
        collectModel(ContainerCreateRequest.class, "", bound);
        List<String> unbound = TABLE.rules().stream()
                .filter(r -> r.status() == Status.HONOURED)
                .map(Rule::path)
                .filter(p -> bound.stream().noneMatch(b -> p.equals(b) || p.startsWith(b + ".")))
                .toList();
        assertThat(unbound).as("fields claimed honoured that ContainerCreateRequest does not bind").isEmpty();
    }

    @Test
    void table_listsEveryFieldWithItsStatus() throws IOException {
        StringBuilder listing = new StringBuilder();
        for (String field : specFields()) {
            Rule r = TABLE.rule(field);
            String status = r == null ? "(object: see its fields)" : r.status() + (r.note().isEmpty() ? "" : "  " + r.note());
            listing.append(String.format("%-58s %s%n", field, status));
        }
        System.out.print(listing);
        assertThat(TABLE.rules()).allSatisfy(r -> {
            assertThat(r.status()).isNotNull();
            if (r.status() == Status.INERT || r.status() == Status.PARTIAL) {
                assertThat(r.note()).as("why %s is %s", r.path(), r.status()).isNotEmpty();
            }
        });
        assertThat(TABLE.rules().stream().filter(r -> r.status() == Status.UNSUPPORTED).count()).isGreaterThan(30);
    }

    private static boolean listed(String path) {
        return TABLE.rule(path) != null || TABLE.objects().contains(path);
    }

    private static void walkModel(Class<?> record, String prefix, List<String> missing) {
        for (RecordComponent c : record.getRecordComponents()) {
            String name = jsonName(record, c);
            if (name == null) {
                continue;
            }
            String path = prefix + name;
            if (TABLE.rule(path) != null) {
                continue;
            }
            if (!TABLE.objects().contains(path)) {
                missing.add(path);
                continue;
            }
            Class<?> nested = nestedRecord(c.getGenericType());
            if (nested != null && Map.class.isAssignableFrom(c.getType())) {
                if (!TABLE.objects().contains(path + ".*")) {
                    missing.add(path + ".*");
                } else {
                    walkModel(nested, path + ".*.", missing);
                }
            } else if (nested != null) {
                walkModel(nested, path + ".", missing);
            }
        }
    }

    private static void collectModel(Class<?> record, String prefix, List<String> out) {
        for (RecordComponent c : record.getRecordComponents()) {
            String name = jsonName(record, c);
            if (name == null) {
                continue;
            }
            String path = prefix + name;
            out.add(path);
            Class<?> nested = nestedRecord(c.getGenericType());
            if (nested != null) {
                collectModel(nested, path + (Map.class.isAssignableFrom(c.getType()) ? ".*." : "."), out);
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

    /** The model record a component holds: itself, or a map's values. Lists of records are leaves. */
    private static Class<?> nestedRecord(Type type) {
        if (type instanceof Class<?> c && c.isRecord() && c.getPackageName().equals("dev.berth.api.model")) {
            return c;
        }
        if (type instanceof ParameterizedType pt && pt.getRawType() == Map.class) {
            return nestedRecord(pt.getActualTypeArguments()[1]);
        }
        return null;
    }

    static List<String> specFields() throws IOException {
        return resourceLines("/spec/create-body-fields.txt");
    }

    static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = CreateFieldsTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    /** Keeps the listing deterministic for readers: every object path is itself in the spec or a map entry. */
    @Test
    void objects_areSpecPathsOrTheirMapEntries() throws IOException {
        TreeSet<String> spec = new TreeSet<>(specFields());
        for (String o : TABLE.objects()) {
            boolean prefixOfSpec = spec.stream().anyMatch(s -> s.startsWith(o + "."));
            assertThat(prefixOfSpec).as("object %s has fields in the spec", o).isTrue();
        }
    }
}
