package dev.berth.cli.format;

/** A --format template that does not parse or cannot be executed. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
