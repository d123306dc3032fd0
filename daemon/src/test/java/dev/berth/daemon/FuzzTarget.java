package dev.berth.daemon;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon {@link ApiFuzzIT} fuzzes: a berthd it starts, or (system property {@code fuzz.socket},
 * with {@code fuzz.pid} for its memory) any daemon already running, dockerd too (issue #12 "Measure":
 * {@code scripts/fuzz --socket}, {@code bench/robustness}). Everything is asked through the API, as a
 * user sees it: the real docker CLI for state, {@code /_ping} for life.
 */
interface FuzzTarget extends AutoCloseable {
    Path socket();

    long pid();

    Result docker(String... args);

    boolean ping();

    /** Whether it is a berthd of this checkout, held to Berth's answers (a JSON message on every refusal). */
    boolean ownBerthd();

    @Override
    void close();

    static FuzzTarget open() throws IOException {
        String socket = System.getProperty("fuzz.socket", "");
        if (socket.isEmpty()) {
            BerthdProcess.requireEnvironment();
            return new Own(BerthdProcess.start());
        }
        return new Running(Path.of(socket), Long.getLong("fuzz.pid", -1L));
    }

    record Own(BerthdProcess d) implements FuzzTarget {
        public Path socket() {
            return d.socket();
        }

        public long pid() {
            return d.pid();
        }

        public Result docker(String... args) {
            return d.docker(args);
        }

        public boolean ping() {
            return d.ping();
        }

        public boolean ownBerthd() {
            return true;
        }

        public void close() {
            d.close();
        }
    }

    /** A daemon someone else started and stops: only what the fuzz made is removed, by name. */
    record Running(Path socket, long pid) implements FuzzTarget {
        public Result docker(String... args) {
            List<String> cmd = new ArrayList<>(List.of("docker", "-H", "unix://" + socket));
            cmd.addAll(List.of(args));
            return BerthdProcess.run(Duration.ofSeconds(120), cmd.toArray(String[]::new));
        }

        public boolean ping() {
            Result r = BerthdProcess.run(Duration.ofSeconds(10), "curl", "-sf", "--max-time", "5", "--unix-socket",
                    socket.toString(), "http://d/_ping");
            return r.exitCode() == 0 && r.out().strip().equals("OK");
        }

        public boolean ownBerthd() {
            return false;
        }

        public void close() {
            // nothing: the daemon is not ours
        }
    }
}
