package dev.berth.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * One class-data archive per test JVM for the daemons of this build that {@link BerthdProcess} starts with
 * {@code java -cp}: the first such daemon records it ({@code -XX:ArchiveClassesAtExit}) and writes it when it
 * exits normally (SIGTERM included); every later daemon maps it, as {@code bin/berthd} maps its own. A
 * daemon's start on fresh roots took 5.4-5.8 s of CPU without it and 3.2-3.6 s with it (2 vCPUs, JDK 17),
 * and the integration tests start a few hundred daemons. Until the archive is there (its recorder still runs,
 * or was killed and the next launch records again) daemons start without one, as before.
 * {@code -Dberth.it.cds=false} turns it off.
 */
final class DaemonClassData {
    private static final boolean ENABLED = !"false".equals(System.getProperty("berth.it.cds"));
    private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

    private static Path archive;
    private static Path recording;
    private static Process recorder;

    private DaemonClassData() {}

    /** The options for a daemon about to start; {@code dir} lives as long as this JVM (the class path's copy). */
    static synchronized List<String> options(Path dir) {
        if (!ENABLED) {
            return List.of();
        }
        settle();
        if (archive != null) {
            return use();
        }
        if (recorder != null) {
            return List.of();
        }
        recording = dir.resolve("berthd-it.jsa.part");
        return List.of("-XX:ArchiveClassesAtExit=" + recording, QUIET.get(0), QUIET.get(1));
    }

    /** Options that only map a finished archive (none while there is none): for daemons expected to fail. */
    static synchronized List<String> useOnly() {
        settle();
        return archive == null ? List.of() : use();
    }

    /** The daemon just started with {@link #options}'s list; it is the recorder if that list recorded. */
    static synchronized void started(Process process, List<String> options) {
        if (!options.isEmpty() && options.get(0).startsWith("-XX:ArchiveClassesAtExit=")) {
            recorder = process;
        }
    }

    /** After a daemon exited: if it was the recorder, its archive becomes the one (or is dropped). */
    static synchronized void settle() {
        if (recorder == null || recorder.isAlive()) {
            return;
        }
        int exit = recorder.exitValue();
        recorder = null;
        try {
            // 143: the JVM's exit after SIGTERM, which writes the archive as a normal exit does; a SIGKILL
            // (137) may have cut it short.
            if ((exit == 0 || exit == 143) && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                Path done = recording.resolveSibling("berthd-it.jsa");
                Files.move(recording, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                archive = done;
            } else {
                Files.deleteIfExists(recording);
            }
        } catch (IOException e) {
            System.err.println("DaemonClassData: no archive: " + e);
        }
    }

    private static List<String> use() {
        return List.of("-XX:SharedArchiveFile=" + archive, QUIET.get(0), QUIET.get(1));
    }
}
