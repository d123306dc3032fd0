package dev.berth.driver.runc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the runc driver keeps things. The daemon must follow the data-root half of it when it
 * builds a {@link dev.berth.spi.runtime.ContainerSpec}:
 *
 * <pre>
 * &lt;dataRoot&gt;/containers/&lt;id&gt;/                spec.bundleDir()  ({@link #bundleDir})
 *     config.json, hosts, hostname, resolv.conf    written by the driver at each start
 *     container.log                              spec.logPath()    ({@link #logPath}), conmon's k8s-file log
 *     attach, ctl, winsz                         conmon's sockets/FIFOs while it runs
 * &lt;execRoot&gt;/runc/                           runc's --root: this daemon's containers only
 * &lt;execRoot&gt;/runc-exits/&lt;id&gt;                 conmon's exit file (the decimal exit code)
 * &lt;execRoot&gt;/conmon/&lt;id&gt;/                    conmon.pid, container.pid, sync FIFO, conmon.out, oom
 * &lt;execRoot&gt;/exec/&lt;id&gt;/&lt;key&gt;/        one exec's process.json, pid file, runc log
 * &lt;execRoot&gt;/s/                              conmon's --socket-dir-path (kept short for sun_path)
 * </pre>
 *
 * {@code start} refuses a spec whose bundle dir or log path differ, because {@code openLog} after a
 * daemon restart finds the log by this convention alone.
 */
public final class RuncLayout {

    public static final String LOG_FILE = "container.log";
    /** A container id as the engine makes them; runc keeps other files (locks) beside its state dirs. */
    private static final Pattern HEX_ID = Pattern.compile("[0-9a-f]{64}");

    private final Path dataRoot;
    private final Path execRoot;

    RuncLayout(Path dataRoot, Path execRoot) {
        this.dataRoot = dataRoot.toAbsolutePath();
        this.execRoot = execRoot.toAbsolutePath();
    }

    /** The bundle dir the daemon must pass as {@code spec.bundleDir()}. */
    public static Path bundleDir(Path dataRoot, String id) {
        return dataRoot.toAbsolutePath().resolve("containers").resolve(id);
    }

    /** The log path the daemon must pass as {@code spec.logPath()}. */
    public static Path logPath(Path dataRoot, String id) {
        return bundleDir(dataRoot, id).resolve(LOG_FILE);
    }

    Path bundleDir(String id) {
        return bundleDir(dataRoot, id);
    }

    Path logPath(String id) {
        return logPath(dataRoot, id);
    }

    Path runcRoot() {
        return execRoot.resolve("runc");
    }

    Path exitDir() {
        return execRoot.resolve("runc-exits");
    }

    Path exitFile(String id) {
        return exitDir().resolve(id);
    }

    Path conmonDir(String id) {
        return execRoot.resolve("conmon").resolve(id);
    }

    Path conmonPidFile(String id) {
        return conmonDir(id).resolve("conmon.pid");
    }

    Path containerPidFile(String id) {
        return conmonDir(id).resolve("container.pid");
    }

    Path syncFifo(String id) {
        return conmonDir(id).resolve("sync");
    }

    Path conmonOutput(String id) {
        return conmonDir(id).resolve("conmon.out");
    }

    /** One exec's process.json, pid file and runc log (removed when it exits). */
    Path execDir(String id, String execKey) {
        return execRoot.resolve("exec").resolve(id).resolve(execKey);
    }

    Path socketDir() {
        return execRoot.resolve("s");
    }

    /**
     * Every id with state under the exec root: runc's state dir, conmon's dir, an exit file, a socket
     * dir or an exec dir. Names that cannot be container ids (a runc lock file, say) are left out.
     */
    Set<String> heldIds() {
        Set<String> ids = new TreeSet<>();
        for (Path dir : List.of(runcRoot(), execRoot.resolve("conmon"), exitDir(), socketDir(), execRoot.resolve("exec"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                entries.map(p -> p.getFileName().toString()).filter(n -> HEX_ID.matcher(n).matches()).forEach(ids::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return ids;
    }
}
