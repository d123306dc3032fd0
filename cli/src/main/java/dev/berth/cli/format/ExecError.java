package dev.berth.cli.format;

/** Why running a template failed, before {@link Template} adds where (Go's {@code :1:2: executing "" at <.X>}). */
final class ExecError extends RuntimeException {
    ExecError(String reason) {
        super(reason, null, false, false);
    }
}
