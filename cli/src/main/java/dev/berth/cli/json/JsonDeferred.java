package dev.berth.cli.json;

/**
 * A member {@link Json#parseDeferring} skipped: its text, parsed on first use. The {@link Json} helpers
 * ({@code map}, {@code list}, {@code path} and what builds on them) see through it, so code that reads
 * the tree through them does not tell the difference.
 */
public final class JsonDeferred {
    private final byte[] bytes;
    private final int from;
    private final int to;
    private Object value;
    private boolean parsed;

    JsonDeferred(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
    }

    public Object value() {
        if (!parsed) {
            value = Json.parse(bytes, from, to);
            parsed = true;
        }
        return value;
    }

    @Override
    public String toString() {
        return String.valueOf(value());
    }
}
