package dev.berth.cli.cmd;

/** A flag or argument the command cannot use; docker exits 125 for these. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
