package dev.berth.actors.logs;

import dev.berth.spi.runtime.LogEntry;
import dev.berth.spi.runtime.LogStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

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
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int len;
    private final boolean withAttrs;
    private Map<String, String> attrs = Map.of();

    Reading(List<InputStream> files, CaptureReader capture, LogShipper shipper, boolean withAttrs) {
        this.files = new ArrayDeque<>(files);
        this.capture = capture;
        this.shipper = shipper;
        this.withAttrs = withAttrs;
    }

    /**
     * The json-file attributes of the entry {@link #poll} returned last ({@code docker logs --details}): those its
     * line holds, or this run's for an entry followed from the capture. Read only when the reading was opened
     * for them; else empty.
     */
    public Map<String, String> attrs() {
        return attrs;
    }

    /**
     * This reading as {@code docker logs --details} shows it: each entry's text after its attributes, as dockerd
     * writes them ({@code k=v,k2=v2} and a space; the space alone when there are none). Open it with attributes.
     */
    public LogStream detailed() {
        Reading self = this;
        return new LogStream() {
            @Override
            public LogEntry poll(Duration timeout) throws IOException {
                LogEntry e = self.poll(timeout);
                if (e == null) {
                    return null;
                }
                byte[] prefix = LogAttributes.detailsPrefix(self.attrs);
                byte[] data = new byte[prefix.length + e.data().length];
                System.arraycopy(prefix, 0, data, 0, prefix.length);
                System.arraycopy(e.data(), 0, data, prefix.length, e.data().length);
                return new LogEntry(e.time(), e.stream(), data, e.partial());
            }

            @Override
            public void close() throws IOException {
                self.close();
            }
        };
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
                if (withAttrs) {
                    attrs = shipper.attrs();
                }
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

    /**
     * The next entry of the driver's files. Lines are cut out of a 64 KiB chunk and decoded in place: reading
     * byte by byte through a BufferedInputStream (two synchronized calls per byte) cost more CPU than decoding.
     */
    private LogEntry fromFiles() throws IOException {
        while (true) {
            if (current == null) {
                current = files.poll();
                if (current == null) {
                    return null;
                }
                pos = len = 0;
            }
            while (true) {
                int nl = newline(pos, len);
                if (nl >= 0) {
                    int start = pos;
                    pos = nl + 1;
                    LogEntry e;
                    if (line.size() == 0) {
                        e = JsonLogLine.decode(chunk, start, nl - start);
                        if (withAttrs && e != null) {
                            attrs = JsonLogLine.attrs(chunk, start, nl - start);
                        }
                    } else {
                        line.write(chunk, start, nl - start);
                        byte[] bytes = line.toByteArray();
                        line.reset();
                        e = JsonLogLine.decode(bytes, 0, bytes.length);
                        if (withAttrs && e != null) {
                            attrs = JsonLogLine.attrs(bytes, 0, bytes.length);
                        }
                    }
                    if (e != null) {
                        return e;
                    }
                    continue;
                }
                line.write(chunk, pos, len - pos);
                pos = len = 0;
                int n = current.read(chunk);
                if (n < 0) {
                    break;
                }
                len = n;
            }
            line.reset();
            current.close();
            current = null;
        }
    }

    private int newline(int from, int to) {
        for (int i = from; i < to; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
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
