package dev.berth.actors.container;

import dev.berth.persistence.container.ContainerState;

/** Docker's restart policies: whether a run that just ended is started again. */
final class RestartPolicy {
    private RestartPolicy() {}

    /**
     * {@code always} and {@code unless-stopped}: unless the user stopped it; {@code on-failure[:N]}:
     * a non-zero exit, at most N times in a row (0 = no limit); {@code no}: never.
     */
    static boolean restarts(ContainerState state, int exitCode, int failedRestarts) {
        var host = state.info().hostConfig();
        boolean stoppedByUser = state instanceof ContainerState.Stopped s && s.stoppedByUser();
        return switch (host.restartPolicy()) {
            case "always", "unless-stopped" -> !stoppedByUser;
            case "on-failure" -> !stoppedByUser && exitCode != 0
                    && (host.restartMaxRetries() <= 0 || failedRestarts < host.restartMaxRetries());
            default -> false;
        };
    }
}
