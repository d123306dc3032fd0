package dev.berth.api.backend;

/**
 * An attach stream: closing it stops the output, as for any {@link StreamHandle}; it also takes what
 * the client sends on the hijacked connection (the container's stdin). The API calls {@link #input}
 * and {@link #closeInput} from a blocking thread, one call at a time, in the order the bytes came;
 * {@link #close()} may come from any thread at any time (also while an {@code input} call blocks).
 * Input is dropped unless the client asked for stdin and the container was created with
 * {@code OpenStdin}, as Docker does.
 */
public interface AttachHandle extends StreamHandle {

    /** Bytes the client sent. May block while the container does not read them (the API then reads no more). */
    default void input(byte[] data) {
    }

    /** The client half-closed its side: its stdin ended (the container's stdin closes when it has {@code StdinOnce}). */
    default void closeInput() {
    }

    /** An output-only handle: input is dropped. */
    static AttachHandle outputOnly(StreamHandle output) {
        return output::close;
    }
}
