package dev.berth.spi.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link EventSink} must do, as berthd drives it: batches in journal order, a batch repeated
 * after a failure or a restart, a new sink over the same place after a restart. A sink's test extends
 * this, says how to make a sink (a fresh instance over the same place each call, as after a berthd
 * restart) and how to read back what reached that place — the file's lines, the datagrams a test socket
 * received, the messages a test broker holds — as the JSON texts delivered, in the order they arrived.
 */
public abstract class EventSinkContract {
    private final List<EventSink> made = new ArrayList<>();

    /** A new sink over this test's place (file, socket …): the same place on every call. */
    protected abstract EventSink createSink() throws Exception;

    /** The JSON of every event that reached the place so far, in arrival order, repeats included. */
    protected abstract List<String> received() throws Exception;

    /** How long a batch of {@value #BIG} events may take. */
    protected Duration bigBatchTimeout() {
        return Duration.ofSeconds(10);
    }

    static final int BIG = 1000;

    @AfterEach
    void closeSinks() throws Exception {
        for (EventSink s : made) {
            s.close();
        }
    }

    protected final EventSink newSink() throws Exception {
        EventSink s = createSink();
        made.add(s);
        return s;
    }

    /** Events as berthd makes them: offsets from {@code firstOffset}, an exit's two messages on one entry. */
    protected static List<SinkEvent> events(long firstOffset, int count) {
        List<SinkEvent> out = new ArrayList<>();
        long offset = firstOffset;
        for (int i = 0; i < count; i++) {
            int index = i % 5 == 4 ? 1 : 0; // every fifth shares its entry with the one before, as die + stop
            if (index == 0 && i > 0) {
                offset += 1 + i % 3; // orderings have gaps
            }
            String cursor = offset + "." + index;
            out.add(new SinkEvent(offset, index, "{\"Type\":\"container\",\"Action\":\"a" + i
                    + "\",\"Actor\":{\"ID\":\"c" + i + "\",\"Attributes\":{\"name\":\"n\\\"ü\"}},\"scope\":\"local\","
                    + "\"time\":1764720000,\"timeNano\":1764720000000000000,\"berth\":{\"offset\":" + offset
                    + ",\"cursor\":\"" + cursor + "\"}}"));
        }
        return out;
    }

    private static List<String> json(List<SinkEvent> events) {
        return events.stream().map(SinkEvent::json).toList();
    }

    /** What a consumer keeps when it drops repeats: the first arrival of each text, in arrival order. */
    private static List<String> distinct(List<String> received) {
        return List.copyOf(new LinkedHashSet<>(received));
    }

    @Test
    void deliver_batchesInOrder_receivedInOrderUnchanged() throws Exception {
        EventSink sink = newSink();
        List<SinkEvent> all = events(1, 12);
        sink.deliver(all.subList(0, 1));
        sink.deliver(all.subList(1, 7));
        sink.deliver(all.subList(7, 12));
        assertEquals(json(all), received());
    }

    @Test
    void deliver_sameBatchAgain_acceptedAndEveryEventKept() throws Exception {
        EventSink sink = newSink();
        List<SinkEvent> all = events(10, 6);
        sink.deliver(all.subList(0, 4));
        sink.deliver(all.subList(2, 6)); // the unacknowledged part again, as after a failed call
        List<String> got = received();
        assertEquals(json(all), distinct(got));
        assertTrue(got.size() >= all.size(), "fewer events received than delivered: " + got);
    }

    @Test
    void deliver_afterRestart_newSinkOverTheSamePlaceAppends() throws Exception {
        List<SinkEvent> all = events(100, 8);
        EventSink first = newSink();
        first.deliver(all.subList(0, 5));
        first.close();
        made.remove(first);
        EventSink second = newSink();
        second.deliver(all.subList(4, 8)); // the last batch of the first run repeated, then new ones
        assertEquals(json(all), distinct(received()));
    }

    @Test
    void deliver_bigBatch_returnsInTimeWithEveryEvent() throws Exception {
        EventSink sink = newSink();
        List<SinkEvent> all = events(1, BIG);
        assertTimeoutPreemptively(bigBatchTimeout(), () -> sink.deliver(all));
        assertEquals(json(all), received());
    }

    @Test
    void close_twiceOrUnused_quiet() throws Exception {
        EventSink sink = createSink();
        sink.close();
        EventSink other = createSink();
        other.deliver(events(1, 1));
        other.close();
        assertEquals(1, received().size());
    }
}
