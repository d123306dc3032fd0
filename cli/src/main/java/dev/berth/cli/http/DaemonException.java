package dev.berth.cli.http;

/** The daemon answered with an error status; {@code message} is its {@code {"message":…}}. */
public final class DaemonException extends RuntimeException {
    private final int status;

    public DaemonException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }
}
