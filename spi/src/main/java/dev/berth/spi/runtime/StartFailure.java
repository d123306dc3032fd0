package dev.berth.spi.runtime;

/**
 * Why a container's process could not be started, in the terms Docker reports to users: the exit
 * code a failed start leaves on the container (and that {@code docker run} exits with) depends on it
 * and on nothing else. A runtime driver decides it once, where it reads its runtime's error; the
 * engine never reads the message to find it again.
 */
public enum StartFailure {
    /** The program (or a path the start needed) does not exist: Docker's exit code 127. */
    COMMAND_NOT_FOUND,
    /** The program exists but cannot be executed (no execute permission, a directory): 126. */
    NOT_EXECUTABLE,
    /** Any other reason (the runtime, the platform, the host): 128. */
    OTHER
}
