package dev.berth.api;

/**
 * Every field of the exec bodies (Docker Engine API v1.50), {@code POST /containers/{id}/exec} and
 * {@code POST /exec/{id}/start}, with what Berth does with it, as {@link CreateFields} does for
 * containers. Honoured means the engine carries it into the runtime's {@code ExecSpec}.
 */
final class ExecFields {

    static final FieldTable CREATE = FieldTable.builder()
            .honoured("AttachStdin", "the process's stdin is the hijacked stream's input")
            .honoured("AttachStdout", "shown in the exec's inspect; output is always streamed, as the CLI asks")
            .honoured("AttachStderr", "shown in the exec's inspect; output is always streamed, as the CLI asks")
            .honoured("ConsoleSize", "the terminal's first size")
            .honoured("DetachKeys", "watched for in a TTY exec's input; default ctrl-p,ctrl-q")
            .honoured("Tty")
            .honoured("Env", "added to the container's environment, replacing by key")
            .honoured("Cmd")
            .honoured("Privileged", "every capability")
            .honoured("User", "resolved against the container's /etc/passwd and /etc/group")
            .honoured("WorkingDir")
            .build();

    static final FieldTable START = FieldTable.builder()
            .honoured("Detach")
            .honoured("Tty", "the stream's framing: raw with a TTY, multiplexed without, as dockerd")
            .honoured("ConsoleSize", "the terminal's first size, over the create's")
            .build();

    private ExecFields() {}
}
