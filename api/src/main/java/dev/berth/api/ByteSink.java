package dev.berth.api;

/** Where a streamed response body goes: chunks of an HTTP response, or a hijacked connection. */
interface ByteSink {
    /** Writes and flushes; blocks while the client reads slowly; false once the client is gone. */
    boolean write(byte[] data);

    /** Ends the body (idempotent). */
    void end();
}
