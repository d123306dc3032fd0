package dev.berth.testplugin.sink;

import dev.berth.spi.events.EventSink;
import dev.berth.spi.events.SinkEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps each event once: the last line's {@code berth.cursor} says where the file ends, and a repeated
 * event (at least once delivery) is not after it. Uses nothing but the JDK and the spi.
 */
final class SampleSink implements EventSink {
    private static final Pattern CURSOR = Pattern.compile("\"cursor\":\"(\\d+)\\.(\\d+)\"");

    private final Path file;
    private final Path hangWhile;
    private final Path failWhile;
    private long lastOffset;
    private int lastIndex = -1;

    SampleSink(Path file, Path hangWhile, Path failWhile) throws IOException {
        this.file = file;
        this.hangWhile = hangWhile;
        this.failWhile = failWhile;
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file);
            if (!lines.isEmpty()) {
                Matcher m = CURSOR.matcher(lines.get(lines.size() - 1));
                if (m.find()) {
                    lastOffset = Long.parseLong(m.group(1));
                    lastIndex = Integer.parseInt(m.group(2));
                }
            }
        }
    }

    @Override
    public void deliver(List<SinkEvent> batch) throws IOException {
        while (hangWhile != null && Files.exists(hangWhile)) {
            sleepIgnoringInterrupts();
        }
        if (failWhile != null && Files.exists(failWhile)) {
            throw new IOException("sample sink told to fail (" + failWhile + " exists)");
        }
        StringBuilder lines = new StringBuilder();
        for (SinkEvent e : batch) {
            if (e.offset() > lastOffset || (e.offset() == lastOffset && e.index() > lastIndex)) {
                lines.append(e.json()).append('\n');
                lastOffset = e.offset();
                lastIndex = e.index();
            }
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void sleepIgnoringInterrupts() {
        long until = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < until) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException ignored) {
                // a stuck library does not care: berthd must cope
            }
        }
    }
}
