package dev.berth.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the journal lives. The daemon builds its config as
 * {@code JournalConfig.forDataRoot(root).withFallback(ConfigFactory.load()).resolve()}; it carries
 * this module's settings ({@code dev/berth/persistence/journal.conf}: plugins, threads, serialization)
 * on top, whatever order the jars' {@code reference.conf} files come in.
 *
 * <p>The journal is an H2 file at {@code <dataRoot>/journal/berth} ({@code berth.mv.db} on disk),
 * opened by this process only (H2 locks the file; no {@code AUTO_SERVER}).
 */
public final class JournalConfig {
    /** The JDBC URL key; {@link JournalSchema} and the journal plugins both use it. */
    public static final String URL_KEY = "berth.journal.url";

    /**
     * <ul>
     *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook must not close the database
     *       under Pekko's coordinated shutdown, which still writes; the journal plugins close their connections
     *       when the actor system terminates.</li>
     *   <li>{@code WRITE_DELAY=0}: H2 2.x (MVStore) has no write-ahead log; committed changes reach
     *       the file only when the store is written, by default up to 500 ms later. Measured here: a
     *       JVM halted right after 2,000 committed inserts lost all of them with the default and
     *       none with 0, for ~40% more insert time. Containers outlive berthd, so an event that
     *       was acknowledged must survive a kill -9.</li>
     *   <li>{@code CACHE_SIZE=4096} (KiB; H2's default is 16 MiB): H2's page cache is heap that
     *       fills as the journal grows, long after start-up (issue #12: +4.6 MB live heap over
     *       2,000 {@code run --rm}). The journal is read at start-up (snapshots, then the tail) and
     *       by history queries, both sequential, where the OS page cache serves the re-reads.</li>
     *   <li>{@code MAX_LENGTH_INPLACE_LOB=16384} (bytes; H2's default is 256): the journal's payload
     *       columns are BLOBs (Pekko's schema), and H2 keeps a BLOB longer than this limit in its
     *       separate LOB maps — several more map entries to write, reference-count and later delete
     *       per event. Nearly every event is 0.5–4 KB, so each went there. Stored in the row instead,
     *       an insert took half the time and the file grew half as much (5,000 rows of 0.6–2.6 KB:
     *       1,279 → 658 ms, 8.4 → 4.1 MB before compaction). The setting is persistent and only
     *       decides where new values go; rows written before keep their LOBs and read the same.</li>
     * </ul>
     */
    static final String URL_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;CACHE_SIZE=4096;MAX_LENGTH_INPLACE_LOB=16384";

    /**
     * The journal's config overrides for a data root (absolute or relative to the working dir). The journal
     * plugins' own settings ({@code berth.journal.readers}, {@code berth.journal.write-batch}) may be set as
     * system properties ({@code -Dberth.journal.readers=4}); they win over journal.conf's defaults.
     */
    public static Config forDataRoot(Path dataRoot) {
        String url = jdbcUrl(dataRoot);
        Config properties = ConfigFactory.systemProperties();
        Config tuning = properties.hasPath("berth.journal")
                ? properties.withOnlyPath("berth.journal").withoutPath(URL_KEY) : ConfigFactory.empty();
        return ConfigFactory.parseMap(Map.of(URL_KEY, url))
                .withFallback(tuning)
                .withFallback(ConfigFactory.parseResources(JournalConfig.class.getClassLoader(),
                        "dev/berth/persistence/journal.conf"));
    }

    /** {@code jdbc:h2:file:<dataRoot>/journal/berth;…} */
    public static String jdbcUrl(Path dataRoot) {
        String file = databaseFile(dataRoot).toString();
        if (file.contains(";")) {
            // H2 reads ';' as the start of settings: such a path would open another database.
            throw new IllegalArgumentException("data root path must not contain ';': " + dataRoot);
        }
        return "jdbc:h2:file:" + file + URL_OPTIONS;
    }

    /** The database's base path without H2's {@code .mv.db} suffix. */
    public static Path databaseFile(Path dataRoot) {
        return dataRoot.toAbsolutePath().normalize().resolve("journal").resolve("berth");
    }

    private JournalConfig() {}
}
