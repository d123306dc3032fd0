package dev.berth.actors.logs;

import dev.berth.actors.container.ContainerRuntime;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.HostConfig;
import dev.berth.spi.runtime.ExitListener;
import dev.berth.spi.runtime.RunResult;
import dev.berth.spi.runtime.RuntimeStatus;

/**
 * A {@link ContainerRuntime} whose containers' output reaches their log driver: a shipper runs from
 * before each start, and an exit (or a run found ended after a daemon restart) is passed on only once
 * everything the run wrote is in the driver's files, so {@code docker run …; docker logs} sees it all.
 */
public final class LoggingRuntime implements ContainerRuntime {
    private final ContainerRuntime delegate;
    private final LogShippers shippers;

    public LoggingRuntime(ContainerRuntime delegate, LogShippers shippers) {
        this.delegate = delegate;
        this.shippers = shippers;
    }

    @Override
    public RunResult start(ContainerInfo info) {
        shippers.starting(info);
        try {
            return delegate.start(info);
        } catch (RuntimeException e) {
            shippers.drain(info.id());
            throw e;
        }
    }

    @Override
    public void setExitListener(ExitListener listener) {
        // the driver's thread must not block: the drain and the notice run on the shipping thread, in order
        delegate.setExitListener((id, status) -> shippers.execute(() -> {
            shippers.drain(id);
            listener.exited(id, status);
        }));
    }

    @Override
    public RuntimeStatus restore(String id) {
        RuntimeStatus status = delegate.restore(id);
        if (status instanceof RuntimeStatus.Running) {
            shippers.resumed(id);
        } else {
            shippers.drain(id);
        }
        return status;
    }

    @Override
    public void kill(String id, int signal) {
        delegate.kill(id, signal);
    }

    @Override
    public void cleanup(String id) {
        delegate.cleanup(id);
    }

    @Override
    public void remove(String id) {
        shippers.forget(id);
        delegate.remove(id);
    }

    @Override
    public void remove(String id, boolean removeAnonymousVolumes) {
        shippers.forget(id);
        delegate.remove(id, removeAnonymousVolumes);
    }

    @Override
    public void pause(String id) {
        delegate.pause(id);
    }

    @Override
    public void resume(String id) {
        delegate.resume(id);
    }

    @Override
    public boolean paused(String id) {
        return delegate.paused(id);
    }

    @Override
    public void update(String id, HostConfig hostConfig) {
        delegate.update(id, hostConfig);
    }
}
