package dev.berth.cli.json;

/** Malformed JSON. */
public final class JsonException extends RuntimeException {
    public JsonException(String message) {
        super(message);
    }
}
