package dev.berth.actors.logs;

import dev.berth.persistence.container.LogConfig;
import dev.berth.spi.runtime.LogEntry;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Copies one container's capture file (conmon's k8s-file, which conmon only appends to) into its log
 * driver's files, and remembers how far it got in {@code log-shipper.state} beside them: {@code <capture
 * offset> <size of the file being written>}, saved after each batch and around each rotation. After a
 * crash the next shipper cuts the written file back to the saved size and reads the capture from the saved
 * offset, so each entry lands exactly once. The capture's shipped bytes are given back to the file system
 * ({@link HolePunch}) once no follower still reads them. Thread-safe: one lock per container.
 */
final class LogShipper implements Closeable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LogShipper.class);
    static final String STATE_FILE = "log-shipper.state";
    /** conmon's k8s-file, the runc driver's {@code RuncLayout.LOG_FILE}. */
    static final String CAPTURE_FILE = "container.log";
    // holes are punched in whole chunks: fewer system calls, and a follower lagging a little is never hit
    private static final long RECLAIM_CHUNK = 1024 * 1024;

    private final Path state;
    private final LogFiles files;
    private final CaptureReader capture;
    private final HolePunch punch;
    private final Path captureFile;
    private long punched;
    private final Map<Object, Long> followers = new ConcurrentHashMap<>();
    // this run's json-file attributes: written into each entry, and what --details shows of a followed one
    private final Map<String, String> attrs;
    private RemoteWriter remote;
    private boolean remoteFailing;
    // what a stream wrote without a newline yet: conmon captures each read of the pipe, dockerd's copier whole
    // lines (up to 16 KiB), and a driver that sends gets one message per line, as from dockerd
    private final ByteArrayOutputStream[] pending = {new ByteArrayOutputStream(0), new ByteArrayOutputStream(0)};
    private static final int MAX_MESSAGE = 16 * 1024;
    private final ByteArrayOutputStream[] filePieces = {new ByteArrayOutputStream(0), new ByteArrayOutputStream(0)};
    private final java.time.Instant[] filePieceTime = new java.time.Instant[2];
    private final byte[] attrsJson;

    private LogShipper(Path state, LogFiles files, CaptureReader capture, Path captureFile, HolePunch punch, long punched,
                       SortedMap<String, String> attrs) {
        this.attrs = Map.copyOf(attrs);
        this.attrsJson = LogAttributes.json(attrs);
        this.state = state;
        this.files = files;
        this.capture = capture;
        this.captureFile = captureFile;
        this.punch = punch;
        this.punched = punched;
    }

    /** The files of a container's driver, resuming where the last shipper (in this or an earlier daemon) stopped. */
    static LogShipper open(Path containerDir, String id, LogConfig config, HolePunch punch) throws IOException {
        return open(containerDir, id, config, punch, new TreeMap<>());
    }

    /** As {@link #open(Path, String, LogConfig, HolePunch)}, writing {@code attrs} into each entry. */
    static LogShipper open(Path containerDir, String id, LogConfig config, HolePunch punch,
                           SortedMap<String, String> attrs) throws IOException {
        Path state = containerDir.resolve(STATE_FILE);
        long[] saved = readState(state);
        Path base = driverFile(containerDir, id, config);
        LogFiles files = base == null ? null : LogFiles.of(base, config);
        if (files != null && saved != null) {
            files.truncate(saved[1]);
        }
        long offset = saved == null ? 0 : saved[0];
        Path captureFile = containerDir.resolve(CAPTURE_FILE);
        return new LogShipper(state, files, new CaptureReader(captureFile, offset), captureFile, punch,
                saved == null ? 0 : saved[2], attrs);
    }

    /** Where a driver writes: dockerd's names ({@code <id>-json.log}, {@code local-logs/container.log}); none: nowhere. */
    static Path driverFile(Path containerDir, String id, LogConfig config) {
        return switch (config.type()) {
            case JSON_FILE -> containerDir.resolve(id + "-json.log");
            case LOCAL -> containerDir.resolve("local-logs").resolve("container.log");
            case NONE -> null;
            // syslog's local copy for docker logs (dockerd's dual-logging cache), in the local driver's place
            case SYSLOG, GELF, FLUENTD, JOURNALD -> config.readable()
                    ? containerDir.resolve("local-logs").resolve("container.log") : null;
        };
    }

    /**
     * Where entries are also sent (a syslog server), from this run's start on; its failures drop the entry,
     * as dockerd's drivers do, with a warning per failing streak.
     */
    void sendTo(RemoteWriter writer) {
        this.remote = writer;
    }

    /**
     * One capture entry to the driver's files. The pieces of a line that arrive in one batch are joined, as
     * dockerd's copier writes a line once (one entry, one time: the line's end), so {@code logs -t} shows one
     * time per line; pieces still open when the batch ends are written as they are (partial entries), so the
     * saved offset never passes an unwritten byte.
     */
    private void toFiles(LogEntry e, long shipped) throws IOException {
        ByteArrayOutputStream p = filePieces[e.stream().ordinal()];
        if (!e.partial() && p.size() == 0) {
            writeFile(e, shipped);
            return;
        }
        p.writeBytes(e.data());
        if (e.partial() && p.size() < MAX_MESSAGE) {
            filePieceTime[e.stream().ordinal()] = filePieceTime[e.stream().ordinal()] == null
                    ? e.time() : filePieceTime[e.stream().ordinal()];
            return;
        }
        byte[] joined = p.toByteArray();
        java.time.Instant first = filePieceTime[e.stream().ordinal()];
        p.reset();
        filePieceTime[e.stream().ordinal()] = null;
        // a line cut at 16 KiB keeps the time of its first piece, as dockerd's partial messages do
        writeFile(new LogEntry(e.partial() && first != null ? first : e.time(), e.stream(), joined, e.partial()), shipped);
    }

    private void writeFile(LogEntry e, long shipped) throws IOException {
        if (files.dueForRotation()) {
            flushFilePieces(); // everything before the saved offset is in the files
            files.flush();
            save(shipped, files.size());
            files.rotate();
            save(shipped, 0);
        }
        files.write(JsonLogLine.encode(e, attrsJson));
    }

    private void flushFilePieces() throws IOException {
        for (LogEntry.StdStream stream : LogEntry.StdStream.values()) {
            ByteArrayOutputStream p = filePieces[stream.ordinal()];
            if (p.size() > 0) {
                files.write(JsonLogLine.encode(new LogEntry(filePieceTime[stream.ordinal()], stream, p.toByteArray(), true),
                        attrsJson));
                p.reset();
                filePieceTime[stream.ordinal()] = null;
            }
        }
    }

    /** One capture entry to the sending driver: lines joined from their pieces, each sent once whole (or 16 KiB). */
    private void toRemote(LogEntry e) {
        ByteArrayOutputStream p = pending[e.stream().ordinal()];
        if (!e.partial() && p.size() == 0) {
            sendRemote(e);
            return;
        }
        p.writeBytes(e.data());
        if (!e.partial() || p.size() >= MAX_MESSAGE) {
            sendRemote(new LogEntry(e.time(), e.stream(), p.toByteArray(), e.partial()));
            p.reset();
        }
    }

    private void flushRemote() {
        for (LogEntry.StdStream stream : LogEntry.StdStream.values()) {
            ByteArrayOutputStream p = pending[stream.ordinal()];
            if (p.size() > 0) {
                sendRemote(new LogEntry(java.time.Instant.now(), stream, p.toByteArray(), true));
                p.reset();
            }
        }
    }

    private void sendRemote(LogEntry e) {
        try {
            remote.send(e);
            remoteFailing = false;
        } catch (IOException | RuntimeException ex) {
            if (!remoteFailing) {
                LOG.warn("log entries of {} not sent by its log driver (dropped, as dockerd drops them): {}",
                        state.getParent().getFileName(), ex.toString());
            }
            remoteFailing = true;
        }
    }

    /** The sending driver's retries that are due (a fluentd that was down). */
    synchronized void retryRemote() {
        if (remote != null) {
            remote.tick();
        }
    }

    /** Whether the capture has bytes not shipped yet (cheap: one stat). */
    synchronized boolean behind() throws IOException {
        return capture.more();
    }

    /** Ships every complete entry the capture holds now. */
    synchronized void ship() throws IOException {
        long shipped = capture.offset();
        boolean any = false;
        LogEntry e;
        while ((e = capture.next()) != null) {
            if (files != null) {
                toFiles(e, shipped);
            }
            if (remote != null) {
                toRemote(e);
            }
            shipped = capture.offset();
            any = true;
        }
        if (any) {
            if (files != null) {
                flushFilePieces();
                files.flush();
            }
            save(shipped, files == null ? 0 : files.size());
            reclaim();
        }
    }

    /**
     * Catches up, then opens the driver's files as they are now (oldest first) and, for a follower, the
     * capture from the first entry they do not hold; the follower is registered so that its bytes are kept
     * until it has read them ({@link Reading#close()}).
     */
    Reading read(boolean follow) throws IOException {
        return read(follow, false);
    }

    /** As {@link #read(boolean)}; {@code withAttrs}: each entry's attributes are read too ({@link Reading#attrs}). */
    synchronized Reading read(boolean follow, boolean withAttrs) throws IOException {
        ship();
        List<InputStream> streams = files == null ? List.of() : files.openAll();
        if (!follow) {
            return new Reading(streams, null, null, withAttrs);
        }
        Reading r = new Reading(streams, new CaptureReader(captureFile, capture.offset()), this, withAttrs);
        followers.put(r, capture.offset());
        return r;
    }

    /** This run's attributes (json-file's {@code attrs}). */
    Map<String, String> attrs() {
        return attrs;
    }

    void followed(Object follower, long offset) {
        followers.computeIfPresent(follower, (k, v) -> offset);
    }

    void unfollow(Object follower) {
        followers.remove(follower);
    }

    private void reclaim() {
        long upTo = capture.offset();
        for (long f : followers.values()) {
            upTo = Math.min(upTo, f);
        }
        upTo -= upTo % RECLAIM_CHUNK;
        if (upTo > punched && punch.punch(captureFile, punched, upTo - punched)) {
            punched = upTo;
        }
    }

    private void save(long offset, long size) throws IOException {
        Path tmp = state.resolveSibling(STATE_FILE + ".tmp");
        Files.writeString(tmp, offset + " " + size + " " + punched + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static long[] readState(Path state) throws IOException {
        try {
            String[] parts = Files.readString(state, StandardCharsets.US_ASCII).strip().split(" ");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    parts.length > 2 ? Long.parseLong(parts[2]) : 0};
        } catch (NoSuchFileException e) {
            return null;
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IOException("unreadable " + state + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (remote != null) {
            flushRemote();
            remote.close();
        }
        capture.close();
        if (files != null) {
            files.close();
        }
    }
}
