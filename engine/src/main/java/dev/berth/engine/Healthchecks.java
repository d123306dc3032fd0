package dev.berth.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.image.ImageConfig;
import dev.berth.persistence.container.ContainerHealth;
import dev.berth.persistence.container.HealthStatus;
import dev.berth.persistence.container.Healthcheck;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Docker's {@code Healthcheck} and {@code State.Health} JSON ↔ the journaled records. */
final class Healthchecks {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Healthchecks() {}

    /** The create body's {@code Healthcheck}; null when absent. Checked with dockerd's words by the record. */
    static Healthcheck parse(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (!n.isObject()) {
            throw EngineException.invalid("json: cannot unmarshal " + n.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " into Go struct field Config.Healthcheck of type container.HealthConfig");
        }
        List<String> test = new ArrayList<>();
        JsonNode t = n.path("Test");
        if (t.isArray()) {
            t.forEach(e -> test.add(e.asText()));
        } else if (!t.isMissingNode() && !t.isNull()) {
            throw EngineException.invalid("json: cannot unmarshal " + t.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " into Go struct field HealthConfig.Healthcheck.Test of type []string");
        }
        return new Healthcheck(test, nanos(n, "Interval"), nanos(n, "Timeout"), nanos(n, "StartPeriod"),
                nanos(n, "StartInterval"), nanos(n, "Retries"));
    }

    private static long nanos(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        // Go's int and time.Duration are 64-bit: a number beyond them is Go's unmarshal error, never wrapped
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw EngineException.invalid("json: cannot unmarshal "
                    + (v.isNumber() ? "number " + v.asText() : v.getNodeType().name().toLowerCase(Locale.ROOT))
                    + " into Go struct field HealthConfig.Healthcheck." + field + " of type "
                    + (field.equals("Retries") ? "int" : "time.Duration"));
        }
        return v.longValue();
    }

    /** Inspect's {@code Config.Healthcheck}: the set parts only, as Go's omitempty writes them. */
    static JsonNode render(Healthcheck h) {
        if (h == null) {
            return null;
        }
        ObjectNode n = JSON.createObjectNode();
        if (!h.test().isEmpty()) {
            ArrayNode test = n.putArray("Test");
            h.test().forEach(test::add);
        }
        putNonZero(n, "Interval", h.interval());
        putNonZero(n, "Timeout", h.timeout());
        putNonZero(n, "StartPeriod", h.startPeriod());
        putNonZero(n, "StartInterval", h.startInterval());
        putNonZero(n, "Retries", h.retries());
        return n;
    }

    private static void putNonZero(ObjectNode n, String field, long value) {
        if (value != 0) {
            n.put(field, value);
        }
    }

    /** Image inspect's {@code Config.Healthcheck}. */
    static JsonNode render(ImageConfig.HealthConfig h) {
        return h == null ? null : render(new Healthcheck(h.test(), Math.max(0, h.interval()), Math.max(0, h.timeout()),
                Math.max(0, h.startPeriod()), Math.max(0, h.startInterval()), Math.max(0, h.retries())));
    }

    /** Inspect's {@code State.Health}. */
    static JsonNode render(ContainerHealth h) {
        if (h == null) {
            return null;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("Status", h.status().word());
        n.put("FailingStreak", h.failingStreak());
        ArrayNode log = n.putArray("Log");
        for (ContainerHealth.Probe p : h.log()) {
            ObjectNode e = log.addObject();
            e.put("Start", HumanTime.rfc3339(p.start()));
            e.put("End", HumanTime.rfc3339(p.end()));
            e.put("ExitCode", p.exitCode());
            e.put("Output", p.output());
        }
        return n;
    }

    /** What {@code ps} appends to "Up …": {@code (health: starting)}, {@code (healthy)}, {@code (unhealthy)}. */
    static String psSuffix(HealthStatus status) {
        return status == HealthStatus.STARTING ? " (health: starting)" : " (" + status.word() + ")";
    }
}
