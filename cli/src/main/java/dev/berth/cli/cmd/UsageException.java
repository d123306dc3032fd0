package dev.berth.cli.cmd;

/** A flag or argument the command cannot use: a flag error (docker prints the usage line, exit 125) or a refusal once the flags are read (the message alone, exit 1). */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    /** A flag's value the command cannot read ({@code invalid argument "x" for "--y" flag: …}): docker prints its usage line. */
    public boolean flagError() {
        return getMessage().startsWith("invalid argument \"");
    }

    /** A docker feature berth refuses by name ({@code … is not supported by berth yet}). */
    public boolean unsupported() {
        return getMessage().contains("not supported by berth");
    }

    /** A size flag's value through go-units' RAMInBytes, refused in docker's flag wording. */
    public static long size(String value, String flag) {
        try {
            return dev.berth.cli.format.Units.ramInBytes(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid argument \"" + value + "\" for \"" + flag + "\" flag: " + e.getMessage());
        }
    }
}
