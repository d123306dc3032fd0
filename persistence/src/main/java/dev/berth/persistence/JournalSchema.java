package dev.berth.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the journal's tables before the ActorSystem starts. Idempotent: every statement is
 * {@code IF NOT EXISTS}, so the daemon runs it at every start. The DDL is our own copy of what
 * pekko-persistence-jdbc 1.1.1's H2 DAOs expect ({@code h2-schema.sql} beside this class); the
 * plugin's shipped script fails on its second run.
 */
public final class JournalSchema {
    static final String SCRIPT = "h2-schema.sql";

    /** The same as journal.conf's berth.journal.user/password. */
    static final String USER = "sa";
    static final String PASSWORD = "";

    /**
     * Opens a connection to the journal database for the caller to hold: while one is open, H2
     * keeps the database open for every other connection in this process.
     *
     * @throws JournalOpenFailure saying whether another process holds the file or it is corrupt
     */
    public static Connection keepOpen(Path dataRoot) {
        try {
            Files.createDirectories(JournalConfig.databaseFile(dataRoot).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal directory under " + dataRoot, e);
        }
        try {
            return JournalConnections.open(JournalConfig.jdbcUrl(dataRoot), USER, PASSWORD);
        } catch (SQLException e) {
            throw JournalOpenFailure.of(dataRoot, e);
        }
    }

    /** Creates {@code <dataRoot>/journal/} and the tables in it if they are missing. */
    public static void create(Path dataRoot) {
        try {
            Files.createDirectories(JournalConfig.databaseFile(dataRoot).getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create journal directory under " + dataRoot, e);
        }
        create(JournalConfig.jdbcUrl(dataRoot), USER, PASSWORD);
    }

    static void create(String jdbcUrl, String user, String password) {
        try (Connection connection = JournalConnections.open(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            for (String sql : statements()) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the journal schema at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** The script's statements: comment lines dropped, split at ';'. */
    static List<String> statements() {
        String script;
        try (InputStream in = JournalSchema.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " missing from the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var code = new StringBuilder();
        script.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> code.append(line).append('\n'));
        var statements = new ArrayList<String>();
        for (String part : code.toString().split(";")) {
            if (!part.isBlank()) {
                statements.add(part.strip());
            }
        }
        return List.copyOf(statements);
    }

    private JournalSchema() {}
}
