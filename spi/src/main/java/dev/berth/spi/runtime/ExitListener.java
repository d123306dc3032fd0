package dev.berth.spi.runtime;

/** Hears each run's end exactly once. Called on a driver thread; must not block. */
@FunctionalInterface
public interface ExitListener {
    void exited(String id, ExitStatus status);
}
