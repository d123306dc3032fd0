package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.api.backend.OutputSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramingSinkTest {
    /** Every write the client would receive, in order. */
    private static final class Recorded implements ByteSink {
        final List<byte[]> writes = new ArrayList<>();

        @Override
        public boolean write(byte[] data) {
            writes.add(data);
            return true;
        }

        @Override
        public void end() {}

        byte[] all() {
            var out = new ByteArrayOutputStream();
            writes.forEach(out::writeBytes);
            return out.toByteArray();
        }
    }

    private static final List<OutputSink.Chunk> CHUNKS = List.of(
            new OutputSink.Chunk(OutputSink.Stream.STDOUT, "one\n".getBytes(StandardCharsets.UTF_8)),
            new OutputSink.Chunk(OutputSink.Stream.STDERR, "two\n".getBytes(StandardCharsets.UTF_8)),
            new OutputSink.Chunk(OutputSink.Stream.STDOUT, new byte[0]),
            new OutputSink.Chunk(OutputSink.Stream.STDOUT, "three".getBytes(StandardCharsets.UTF_8)));

    @Test
    void writeAll_sendsOneWrite_withTheSameFramesAsWriteByWrite() {
        for (boolean multiplexed : new boolean[] {true, false}) {
            var one = new Recorded();
            var each = new Recorded();
            new FramingSink(one, multiplexed, false).writeAll(CHUNKS);
            var sink = new FramingSink(each, multiplexed, false);
            CHUNKS.forEach(c -> sink.write(c.stream(), c.data()));
            assertThat(one.writes).hasSize(1);
            assertThat(one.all()).isEqualTo(each.all());
        }
        var one = new Recorded();
        new FramingSink(one, true, false).writeAll(CHUNKS.subList(0, 2));
        assertThat(one.all()).isEqualTo(new byte[] {1, 0, 0, 0, 0, 0, 0, 4, 'o', 'n', 'e', '\n',
                2, 0, 0, 0, 0, 0, 0, 4, 't', 'w', 'o', '\n'});
    }
}
