package dev.berth.persistence.container;

/** One entry of Docker's {@code HostConfig.Binds}: a host path or a volume. */
public sealed interface BindEntry permits BindMount, VolumeBind {

    /** The absolute path in the container. */
    String target();
}
