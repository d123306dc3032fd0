package dev.berth.dockerfile;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An instruction's {@code --name=value} flags, checked against the names that instruction
 * accepts, with Docker's errors for an unknown, repeated or value-less flag.
 */
final class BuilderFlags {

    private final Map<String, Boolean> declared = new LinkedHashMap<>();
    private final Map<String, String> values = new HashMap<>();
    private final List<String> given;

    BuilderFlags(List<String> given) {
        this.given = given;
    }

    BuilderFlags string(String name) {
        declared.put(name, false);
        return this;
    }

    BuilderFlags bool(String name) {
        declared.put(name, true);
        return this;
    }

    BuilderFlags parse() {
        for (String arg : given) {
            if (!arg.startsWith("--")) {
                throw new DockerfileException("arg should start with -- : " + arg);
            }
            String name = arg.substring(2);
            String value = "";
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Boolean isBool = declared.get(name);
            if (isBool == null) {
                String message = "unknown flag: " + name;
                String match = Suggest.closest(name, declared.keySet());
                throw new DockerfileException(match == null ? message : message + " (did you mean " + match + "?)");
            }
            if (values.containsKey(name)) {
                throw new DockerfileException("duplicate flag specified: " + name);
            }
            if (isBool) {
                if (eq >= 0 && value.isEmpty()) {
                    throw new DockerfileException("missing a value on flag: " + name);
                }
                switch (value.toLowerCase()) {
                    case "", "true" -> values.put(name, "true");
                    case "false" -> values.put(name, "false");
                    default -> throw new DockerfileException(
                            "expecting boolean value for flag " + name + ", not: " + value);
                }
            } else {
                if (eq < 0) {
                    throw new DockerfileException("missing a value on flag: " + name);
                }
                values.put(name, value);
            }
        }
        return this;
    }

    /** Which of {@code names} were given (after {@link #parse()}), in the order given. */
    List<String> used(List<String> names) {
        List<String> out = new java.util.ArrayList<>();
        for (String arg : given) {
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            name = eq < 0 ? name : name.substring(0, eq);
            if (names.contains(name) && !out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean isTrue(String name) {
        return "true".equals(values.get(name));
    }
}
