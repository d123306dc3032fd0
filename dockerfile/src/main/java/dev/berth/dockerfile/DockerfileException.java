package dev.berth.dockerfile;

/**
 * A Dockerfile that cannot be read or built as written. The message is the one dockerd's classic
 * builder shows for the same input, so callers pass it through unchanged.
 */
public final class DockerfileException extends RuntimeException {

    private final int line;

    /** An error not tied to one line (line is 0). */
    public DockerfileException(String message) {
        this(message, 0);
    }

    public DockerfileException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** The first line of the instruction at fault, 1-based; 0 when the error has no line. */
    public int line() {
        return line;
    }
}
