package dev.berth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.berth.spi.EngineException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What Berth does with every field of a request body, and the check that holds a body to it. The
 * check walks the raw JSON before it is bound to the model records, so a field those records do not
 * model is seen too: a field Berth does not honour is refused with a 400 naming it unless its value
 * is Docker's default, which every client sends for fields the user did not set and which is not a
 * request. Fields the spec does not have are left alone, as dockerd leaves them.
 *
 * <p>Paths are dotted JSON names from the body's root; {@code *} stands for any key of a map (a
 * network name in {@code NetworkingConfig.EndpointsConfig.*}) or any element of a list
 * ({@code IPAM.Config.*}). An <em>object</em> is a path the check descends into; every other listed
 * path is a {@link Rule} that judges the whole value.
 */
final class FieldTable {

    enum Status {
        /** Acted on as Docker acts on it, at any value (the engine validates the value). */
        HONOURED,
        /** Some values are honoured; any other is refused with the value named. */
        PARTIAL,
        /** Not implemented yet: only Docker's default is accepted. */
        UNSUPPORTED,
        /** dockerd gives it no effect in the daemon either (read-only, client-side, Windows-only). */
        INERT
    }

    /** Judges a field's value; {@code body} is the whole request, for rules that depend on other fields. */
    @FunctionalInterface
    interface Acceptance {
        /** Null when the value is accepted, else the value (or the element of it) to name in the refusal. */
        JsonNode refused(JsonNode value, JsonNode body);
    }

    /**
     * @param path    dotted path, {@code *} for a map key
     * @param label   for PARTIAL: what a refused value is, named in the message (may be empty)
     * @param note    why the field has its status and, for the non-honoured ones, what counts as default
     */
    record Rule(String path, Status status, Acceptance acceptance, String label, String note) {}

    private final Map<String, Rule> rules;
    private final Set<String> objects;

    private FieldTable(Map<String, Rule> rules, Set<String> objects) {
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
        this.objects = Collections.unmodifiableSet(new LinkedHashSet<>(objects));
    }

    static Builder builder() {
        return new Builder();
    }

    List<Rule> rules() {
        return List.copyOf(rules.values());
    }

    Set<String> objects() {
        return objects;
    }

    Rule rule(String path) {
        return rules.get(path);
    }

    /** @throws EngineException INVALID_ARGUMENT naming the first field (in body order) that is refused */
    void check(JsonNode body) {
        walk(body, "", "", body);
    }

    private void walk(JsonNode node, String pattern, String concrete, JsonNode body) {
        if (node != null && node.isArray() && objects.contains(join(pattern, "*"))) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), join(pattern, "*"), concrete + "[" + i + "]", body);
            }
            return;
        }
        if (node == null || !node.isObject()) {
            return; // not an object where one belongs: binding reports the wrong type
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = join(pattern, field.getKey());
            if (!rules.containsKey(path) && !objects.contains(path)) {
                path = join(pattern, "*");
            }
            String where = join(concrete, field.getKey());
            Rule rule = rules.get(path);
            if (rule != null) {
                judge(rule, field.getValue(), where, body);
            } else if (objects.contains(path)) {
                walk(field.getValue(), path, where, body);
            }
        }
    }

    private static void judge(Rule rule, JsonNode value, String where, JsonNode body) {
        JsonNode refused = rule.acceptance().refused(value, body);
        if (refused == null) {
            return;
        }
        if (rule.status() == Status.PARTIAL) {
            String what = rule.label().isEmpty() ? "" : " (" + rule.label() + ")";
            throw EngineException.invalid(where + " " + show(refused) + what + " is not supported by Berth yet");
        }
        throw EngineException.invalid(where + " is not supported by Berth yet");
    }

    private static String show(JsonNode value) {
        return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    }

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    // ---- what counts as a default ----

    /** Docker's zero value: absent, null, false, 0, "", or an array/object of nothing but zero values. */
    static boolean isZero(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return true;
        }
        if (v.isBoolean()) {
            return !v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() == 0;
        }
        if (v.isTextual()) {
            return v.textValue().isEmpty();
        }
        if (v.isContainerNode()) {
            for (JsonNode child : v) {
                if (!isZero(child)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    static Acceptance any() {
        return (v, body) -> null;
    }

    /** Only Docker's zero value, or one of {@code also} (a value a client sends that means the default). */
    static Acceptance zero(Predicate<JsonNode> also) {
        return (v, body) -> isZero(v) || also.test(v) ? null : v;
    }

    static Acceptance zero() {
        return zero(v -> false);
    }

    /** Only absent or null: for lists where {@code []} is itself a request (MaskedPaths: unmask all). */
    static Acceptance nullOnly() {
        return (v, body) -> v == null || v.isNull() ? null : v;
    }

    /** Absent, null, "" or one of the given strings. */
    static Acceptance text(String... accepted) {
        Set<String> ok = Set.of(accepted);
        return (v, body) -> isZero(v) || (v.isTextual() && ok.contains(v.textValue())) ? null : v;
    }

    /** A map whose keys are all in {@code accepted}; the first other key is named. */
    static Acceptance keys(Set<String> accepted) {
        return (v, body) -> {
            if (v == null || !v.isObject()) {
                return isZero(v) ? null : v;
            }
            for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!accepted.contains(key)) {
                    return TextNode.valueOf(key);
                }
            }
            return null;
        };
    }

    /** A list whose every element is accepted; the first refused element is named. */
    static Acceptance each(Predicate<JsonNode> element) {
        return (v, body) -> {
            if (v == null || !v.isArray()) {
                return isZero(v) ? null : v;
            }
            for (JsonNode e : v) {
                if (!element.test(e)) {
                    return e;
                }
            }
            return null;
        };
    }

    static final class Builder {
        private final Map<String, Rule> rules = new LinkedHashMap<>();
        private final Set<String> objects = new LinkedHashSet<>();

        Builder object(String path) {
            objects.add(path);
            return this;
        }

        Builder honoured(String path, String note) {
            return add(new Rule(path, Status.HONOURED, any(), "", note));
        }

        Builder honoured(String path) {
            return honoured(path, "");
        }

        Builder inert(String path, String note) {
            return add(new Rule(path, Status.INERT, any(), "", note));
        }

        Builder partial(String path, Acceptance accepted, String label, String note) {
            return add(new Rule(path, Status.PARTIAL, accepted, label, note));
        }

        Builder unsupported(String path, Acceptance defaults, String note) {
            return add(new Rule(path, Status.UNSUPPORTED, defaults, "", note));
        }

        Builder unsupported(String path) {
            return unsupported(path, zero(), "default: null, 0, \"\", false, [] or {}");
        }

        /** Rules shared by several bodies (a network endpoint), added under {@code prefix}. */
        Builder with(UnaryOperator<Builder> rules) {
            return rules.apply(this);
        }

        private Builder add(Rule rule) {
            if (rules.put(rule.path(), rule) != null) {
                throw new IllegalStateException("listed twice: " + rule.path());
            }
            return this;
        }

        FieldTable build() {
            return new FieldTable(rules, objects);
        }
    }
}
