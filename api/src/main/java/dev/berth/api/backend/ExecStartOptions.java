package dev.berth.api.backend;

/**
 * POST /exec/{id}/start, parsed.
 *
 * @param detach run in the background: no streams, the call returns once the process runs
 * @param height initial terminal rows from the start body's ConsoleSize (0 = the create's or default)
 * @param width  initial terminal columns (0 = the create's or default)
 */
public record ExecStartOptions(boolean detach, int height, int width) {}
