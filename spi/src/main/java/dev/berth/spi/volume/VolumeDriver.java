package dev.berth.spi.volume;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keeps volumes' data. The engine owns every decision — names, labels, which containers use a
 * volume, when it may be removed — and journals it (the Volume entity) before calling the driver;
 * the driver only stores the data and makes it available at a host path.
 *
 * <p>One instance per daemon. Every method may block (file I/O, mount(2), commands) and is called
 * from a blocking dispatcher, never an actor thread. All methods are thread-safe. Volumes are known
 * by name ({@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}, checked by the engine); a mount is known by (volume
 * name, caller id), the caller id being the container id.
 *
 * <p>Lifecycle, worked through:
 * <pre>
 *   daemon start     restore(every volume the journal lists, with the callers still running)
 *   volume create    create(name, options)         options checked, storage made, nothing mounted
 *   container start  mount(name, cid)              → a host directory the runtime bind-mounts
 *   container start  mount(name, cid2)             the same directory; each caller counted once
 *   container stop   unmount(name, cid)            released once the last caller unmounts
 *   volume rm        remove(name)                  data gone; the engine never asks while mounted
 * </pre>
 * After a daemon restart (even after kill -9) nothing is assumed: {@link #restore} is called once,
 * before any other method, with what the journal says exists and who still has it mounted; a volume
 * is never mounted twice for the same caller, and one a running container uses is never lost.
 */
public interface VolumeDriver extends AutoCloseable {

    /** The provider name, e.g. {@code local}. */
    String name();

    /** {@code local} (this host only) or {@code global}; {@code docker volume inspect} shows it as Scope. */
    default String scope() {
        return "local";
    }

    /**
     * Checks the options and makes the volume's storage. Idempotent for the same name and options
     * (also when an earlier daemon process made it). For a name that exists with other options the
     * existing volume is kept as it is, as dockerd's local driver does; refusing the mismatch is the
     * engine's call. Options a driver can only check by using them (a filesystem's mount options) may
     * fail at the first {@link #mount} instead, as in dockerd.
     *
     * @param options the driver options as given ({@code --opt k=v}); never null
     * @throws dev.berth.spi.EngineException INVALID_ARGUMENT for an unknown or malformed option, with
     *     Docker's wording where it has one; nothing is left behind
     */
    void create(String name, Map<String, String> options);

    /**
     * Makes the volume's data available on the host for {@code callerId} and returns the directory to
     * bind into the container. Calling it again for the same caller returns the same path and counts
     * once.
     *
     * @throws dev.berth.spi.EngineException NOT_FOUND for a volume the driver does not have; INTERNAL (dockerd's
     *     system error) when the data cannot be made available, e.g. {@code failed to mount local volume: …};
     *     the caller is not counted then
     */
    Path mount(String name, String callerId);

    /** Releases {@code callerId}'s mount; the last caller's unmount releases the data. Idempotent. */
    void unmount(String name, String callerId);

    /**
     * Where the volume's data lives on the host (inspect's {@code Mountpoint}), mounted or not; for a
     * driver that only has a path while mounted, the path it will have.
     */
    Path path(String name);

    /** Removes the volume's data. Idempotent: an unknown name is not an error. */
    void remove(String name);

    /** Bytes the volume's data takes, or -1 when the driver cannot tell ({@code docker system df -v}). */
    default long size(String name) {
        return -1;
    }

    /**
     * Called once after the daemon starts, before any other method: the volumes the journal lists
     * (name → options) and, for each, the callers still running that have it mounted. The driver
     * re-creates what is missing (a tmpfs volume after a reboot), re-mounts for the callers listed
     * exactly once, and forgets mounts of callers not listed.
     *
     * @throws dev.berth.spi.EngineException after restoring every other volume, naming those that could not
     *     be (a mount that fails); the engine decides what that means for their containers
     */
    void restore(Map<String, Map<String, String>> volumes, Map<String, List<String>> mountedBy);

    @Override
    void close();
}
