package dev.berth.actors.logs;

import dev.berth.spi.runtime.LogEntry;
import dev.berth.spi.runtime.LogStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A container's log as {@code docker logs} reads it: the driver's files, oldest first, as they were when
 * it was opened; then, when following, the capture from the first entry those files did not hold yet. The
 * follower never looks at the driver's files again, so rotating them under it loses and repeats nothing.
 * Not thread-safe: one reader.
 */
public final class Reading implements LogStream {
    private static final long POLL_MS = 25;

    private final Deque<InputStream> files;
    private final CaptureReader capture;
    private final LogShipper shipper;
    private InputStream current;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    Reading(List<InputStream> files, CaptureReader capture, LogShipper shipper) {
        this.files = new ArrayDeque<>(files);
        this.capture = capture;
        this.shipper = shipper;
    }

    @Override
    public LogEntry poll(Duration timeout) throws IOException {
        LogEntry e = fromFiles();
        if (e != null || capture == null) {
            return e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            e = capture.next();
            if (e != null) {
                shipper.followed(this, capture.offset());
                return e;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                Thread.sleep(Math.min(POLL_MS, Math.max(1, left / 1_000_000)));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private LogEntry fromFiles() throws IOException {
        while (true) {
            if (current == null) {
                InputStream next = files.poll();
                if (next == null) {
                    return null;
                }
                current = new BufferedInputStream(next, 64 * 1024);
            }
            int b;
            while ((b = current.read()) >= 0) {
                if (b == '\n') {
                    byte[] bytes = line.toByteArray();
                    line.reset();
                    LogEntry e = JsonLogLine.decode(bytes, 0, bytes.length);
                    if (e != null) {
                        return e;
                    }
                } else {
                    line.write(b);
                }
            }
            line.reset();
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (shipper != null) {
            shipper.unfollow(this);
        }
        if (current != null) {
            current.close();
        }
        for (InputStream in : files) {
            in.close();
        }
        if (capture != null) {
            capture.close();
        }
    }
}
