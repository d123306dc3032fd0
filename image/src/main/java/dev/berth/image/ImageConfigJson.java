package dev.berth.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.image.ImageConfig.HealthConfig;
import dev.berth.image.ImageConfig.History;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire JSON of an image config (OCI image-spec {@code config.json}, which Docker's schema2
 * config extends). Writing is deterministic: fields in a fixed order, maps sorted, times in Go's
 * RFC 3339 form, so the same {@link ImageConfig} always gives the same bytes and so the same id.
 * Fields this engine does not model (ArgsEscaped, …) are dropped on read.
 */
public final class ImageConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    private static final DateTimeFormatter SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private ImageConfigJson() {}

    public static byte[] write(ImageConfig c) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("architecture", c.architecture());
        putIfSet(root, "author", c.author());
        putIfSet(root, "comment", c.comment());
        root.set("config", writeDefaults(c.config()));
        if (c.created() != null) {
            root.put("created", formatTime(c.created()));
        }
        ArrayNode history = root.putArray("history");
        for (History h : c.history()) {
            ObjectNode n = history.addObject();
            if (h.created() != null) {
                n.put("created", formatTime(h.created()));
            }
            n.put("created_by", h.createdBy());
            putIfSet(n, "comment", h.comment());
            if (h.emptyLayer()) {
                n.put("empty_layer", true);
            }
        }
        root.put("os", c.os());
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        c.diffIds().forEach(d -> diffIds.add(d.toString()));
        putIfSet(root, "variant", c.variant());
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw EngineException.internal("cannot write image config", e);
        }
    }

    private static ObjectNode writeDefaults(ContainerDefaults d) {
        ObjectNode n = MAPPER.createObjectNode();
        putIfSet(n, "User", d.user());
        if (!d.exposedPorts().isEmpty()) {
            ObjectNode ports = n.putObject("ExposedPorts");
            d.exposedPorts().forEach(p -> ports.putObject(p));
        }
        if (!d.env().isEmpty()) {
            putList(n, "Env", d.env());
        }
        if (d.entrypoint() != null) {
            putList(n, "Entrypoint", d.entrypoint());
        }
        if (d.cmd() != null) {
            putList(n, "Cmd", d.cmd());
        }
        if (!d.volumes().isEmpty()) {
            ObjectNode vols = n.putObject("Volumes");
            d.volumes().forEach(v -> vols.putObject(v));
        }
        putIfSet(n, "WorkingDir", d.workingDir());
        // Written only when there are some, so configs without triggers keep the bytes (and ids) they had.
        if (!d.onBuild().isEmpty()) {
            putList(n, "OnBuild", d.onBuild());
        }
        if (!d.labels().isEmpty()) {
            ObjectNode labels = n.putObject("Labels");
            d.labels().forEach(labels::put);
        }
        putIfSet(n, "StopSignal", d.stopSignal());
        if (d.healthcheck() != null) {
            writeHealthcheck(n.putObject("Healthcheck"), d.healthcheck());
        }
        if (d.shell() != null) {
            putList(n, "Shell", d.shell());
        }
        return n;
    }

    /** Docker's HealthConfig: only the parts that are set (Go's omitempty). */
    private static void writeHealthcheck(ObjectNode n, HealthConfig h) {
        if (!h.test().isEmpty()) {
            putList(n, "Test", h.test());
        }
        putNonZero(n, "Interval", h.interval());
        putNonZero(n, "Timeout", h.timeout());
        putNonZero(n, "StartPeriod", h.startPeriod());
        putNonZero(n, "StartInterval", h.startInterval());
        putNonZero(n, "Retries", h.retries());
    }

    private static void putNonZero(ObjectNode n, String field, long value) {
        if (value != 0) {
            n.put(field, value);
        }
    }

    private static HealthConfig readHealthcheck(JsonNode n) {
        if (!n.isObject()) {
            return null;
        }
        List<String> test = list(n.path("Test"));
        return new HealthConfig(test, n.path("Interval").asLong(0), n.path("Timeout").asLong(0),
                n.path("StartPeriod").asLong(0), n.path("StartInterval").asLong(0), n.path("Retries").asLong(0));
    }

    public static ImageConfig read(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw EngineException.invalid("invalid image config: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw EngineException.invalid("invalid image config: not a JSON object");
        }
        JsonNode rootfs = root.path("rootfs");
        List<Digest> diffIds = new ArrayList<>();
        for (JsonNode d : rootfs.path("diff_ids")) {
            diffIds.add(Digest.parse(d.asText()));
        }
        List<History> history = new ArrayList<>();
        for (JsonNode h : root.path("history")) {
            history.add(new History(time(h.path("created")), text(h.path("created_by")),
                    text(h.path("comment")), h.path("empty_layer").asBoolean(false)));
        }
        return new ImageConfig(
                textOr(root.path("architecture"), ""),
                textOr(root.path("os"), ""),
                text(root.path("variant")),
                time(root.path("created")),
                text(root.path("author")),
                text(root.path("comment")),
                readDefaults(root.path("config")),
                diffIds,
                history);
    }

    private static ContainerDefaults readDefaults(JsonNode n) {
        if (!n.isObject()) {
            return ContainerDefaults.EMPTY;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        n.path("Labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return new ContainerDefaults(
                text(n.path("User")),
                list(n.path("Env")),
                list(n.path("Cmd")),
                list(n.path("Entrypoint")),
                text(n.path("WorkingDir")),
                labels,
                keys(n.path("ExposedPorts")),
                keys(n.path("Volumes")),
                text(n.path("StopSignal")),
                readHealthcheck(n.path("Healthcheck")),
                list(n.path("Shell")),
                list(n.path("OnBuild")));
    }

    /** Go's time.RFC3339Nano: UTC, fraction only as long as needed. */
    static String formatTime(Instant t) {
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int nanos = t.getNano();
        if (nanos != 0) {
            String frac = String.format("%09d", nanos);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }

    private static Instant time(JsonNode n) {
        if (!n.isTextual() || n.asText().isEmpty()) {
            return null;
        }
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(n.asText(), Instant::from);
        } catch (DateTimeParseException e) {
            throw EngineException.invalid("invalid image config: bad time " + n.asText());
        }
    }

    private static List<String> list(JsonNode n) {
        if (!n.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        n.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> out = new LinkedHashSet<>();
        Iterator<String> it = n.isObject() ? n.fieldNames() : java.util.Collections.emptyIterator();
        it.forEachRemaining(out::add);
        return out;
    }

    private static String text(JsonNode n) {
        return n.isValueNode() && !n.isNull() ? n.asText() : null;
    }

    private static String textOr(JsonNode n, String dflt) {
        String t = text(n);
        return t == null ? dflt : t;
    }

    private static void putIfSet(ObjectNode n, String field, String value) {
        if (value != null && !value.isEmpty()) {
            n.put(field, value);
        }
    }

    private static void putList(ObjectNode n, String field, List<String> values) {
        ArrayNode a = n.putArray(field);
        values.forEach(a::add);
    }
}
