package dev.berth.cli.format;

import java.util.List;

/** A value in a template context that is called rather than read, like {@code {{.Label "k"}}}. */
@FunctionalInterface
public interface TemplateMethod {
    Object call(List<Object> args);
}
