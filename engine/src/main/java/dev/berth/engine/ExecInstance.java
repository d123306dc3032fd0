package dev.berth.engine;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Reply;
import dev.berth.api.model.ExecCreateRequest;
import dev.berth.api.model.ExecInspect;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ExecSession;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

/**
 * One exec instance, in memory as in dockerd: made by create, run once by start, its exit code kept
 * for the inspect the CLI makes afterwards. Thread-safe (the API's threads and the stream's pump).
 */
final class ExecInstance {
    private final String id;
    private final String containerId;
    private final ExecCreateRequest config;
    private final CompletionStage<Reply<Done>> journaled;
    private boolean started;
    private ExecSession session;
    private Integer exitCode;
    private Instant finishedAt;

    /** @param journaled the exec_create event's write, which start waits for */
    ExecInstance(String id, String containerId, ExecCreateRequest config, CompletionStage<Reply<Done>> journaled) {
        this.id = id;
        this.containerId = containerId;
        this.config = config;
        this.journaled = journaled;
    }

    CompletionStage<Reply<Done>> journaled() {
        return journaled;
    }

    String id() {
        return id;
    }

    String containerId() {
        return containerId;
    }

    ExecCreateRequest config() {
        return config;
    }

    /** Claims the one start; dockerd's words when it ran or runs already. */
    synchronized void claimStart() {
        if (exitCode != null) {
            throw EngineException.conflict("Error: Exec command " + id + " has already run");
        }
        if (started) {
            throw EngineException.conflict("Error: Exec command " + id + " is already running");
        }
        started = true;
    }

    synchronized void running(ExecSession session) {
        this.session = session;
    }

    synchronized ExecSession session() {
        return session;
    }

    synchronized void finished(int code) {
        exitCode = code;
        finishedAt = Instant.now();
        session = null;
    }

    /** Ended before {@code before}: dockerd forgets such instances too, with their container's run. */
    synchronized boolean endedBefore(Instant before) {
        return finishedAt != null && finishedAt.isBefore(before);
    }

    synchronized ExecInspect inspect() {
        var cmd = config.cmd();
        return new ExecInspect(false, containerId, config.detachKeys(), exitCode, id, config.attachStderr(),
                config.attachStdin(), config.attachStdout(),
                new ExecInspect.ProcessConfig(cmd.subList(1, cmd.size()), cmd.get(0), config.privileged(), config.tty(),
                        config.user()),
                session != null, session != null ? session.pid() : 0);
    }
}
