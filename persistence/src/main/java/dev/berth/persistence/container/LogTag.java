package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code tag} log option: a Go template over dockerd's logger {@code Info} ({@code {{.Name}}},
 * {@code {{.ID}}}, {@code {{.ImageName}}}, …), the part of it tags are written with: text, and actions that
 * name one field or method, optionally piped through {@code lower} or {@code upper}. Anything else a Go
 * template can do is refused by name when the container is created (dockerd would fail its start).
 */
public final class LogTag {
    /** What an action may name: dockerd's {@code logger.Info} fields and methods that print as text. */
    public static final Set<String> FIELDS = Set.of("ID", "FullID", "Name", "ImageID", "ImageFullID", "ImageName",
            "Command", "Hostname", "DaemonName", "ContainerID", "ContainerName", "ContainerEntrypoint",
            "ContainerArgs", "ContainerImageID", "ContainerImageName", "LogPath");
    private static final Set<String> NOT_TEXT = Set.of("Config", "ContainerCreated", "ContainerEnv", "ContainerLabels");
    private static final Pattern ACTION = Pattern.compile("\\{\\{(-\\s)?\\s*(.*?)\\s*(\\s-)?}}", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\\.([A-Za-z][A-Za-z0-9_]*)(?:\\s*\\|\\s*(lower|upper))?");

    private sealed interface Part permits Text, Field {}

    private record Text(String text) implements Part {}

    private record Field(String name, String pipe) implements Part {}

    private final List<Part> parts;

    private LogTag(List<Part> parts) {
        this.parts = parts;
    }

    /** The template, checked. */
    public static LogTag parse(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher m = ACTION.matcher(template);
        int at = 0;
        while (m.find()) {
            String before = template.substring(at, m.start());
            if (m.group(1) != null) {
                before = before.stripTrailing();
            }
            parts.add(new Text(before));
            String action = m.group(2);
            Matcher f = FIELD.matcher(action);
            if (!f.matches()) {
                throw EngineException.invalid("log opt 'tag': the template action {{" + action + "}} is not supported "
                        + "by Berth yet (only {{.Field}}, optionally | lower or | upper)");
            }
            String name = f.group(1);
            if (!FIELDS.contains(name)) {
                throw EngineException.invalid(NOT_TEXT.contains(name)
                        ? "log opt 'tag': {{." + name + "}} is not supported by Berth yet (it is not text)"
                        : "template: log-tag:1:" + (m.start() + 2) + ": executing \"log-tag\" at <." + name
                                + ">: can't evaluate field " + name + " in type *logger.Info");
            }
            parts.add(new Field(name, f.group(2)));
            at = m.end();
            if (m.group(3) != null) {
                while (at < template.length() && Character.isWhitespace(template.charAt(at))) {
                    at++;
                }
            }
        }
        String rest = template.substring(at);
        if (rest.contains("{{")) {
            throw EngineException.invalid("template: log-tag:1: unclosed action");
        }
        parts.add(new Text(rest));
        return new LogTag(List.copyOf(parts));
    }

    /** The tag for one container, {@code values} holding each of {@link #FIELDS}. */
    public String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                out.append(t.text());
            } else if (p instanceof Field f) {
                String v = values.getOrDefault(f.name(), "");
                out.append(f.pipe() == null ? v
                        : f.pipe().equals("lower") ? v.toLowerCase(Locale.ROOT) : v.toUpperCase(Locale.ROOT));
            }
        }
        return out.toString();
    }
}
