package dev.berth.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import org.junit.jupiter.api.Test;

class StreamDemuxTest {
    @Test
    void demux_framesOfBothStreams_routeByStreamByte() throws Exception {
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        in.writeBytes(StreamDemux.frame(1, "out1".getBytes()));
        in.writeBytes(StreamDemux.frame(2, "err1".getBytes()));
        in.writeBytes(StreamDemux.frame(1, new byte[70_000]));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StreamDemux.demux(new ByteArrayInputStream(in.toByteArray()), out, err);
        assertThat(out.size()).isEqualTo(4 + 70_000);
        assertThat(err.toString()).isEqualTo("err1");
    }

    @Test
    void frame_header_isStreamThenBigEndianSize() {
        byte[] f = StreamDemux.frame(2, new byte[258]);
        assertThat(new byte[] {f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]}).containsExactly(2, 0, 0, 0, 0, 0, 1, 2);
    }

    @Test
    void demux_truncatedFrame_throws() {
        byte[] f = StreamDemux.frame(1, "hello".getBytes());
        byte[] cut = java.util.Arrays.copyOf(f, f.length - 2);
        assertThatThrownBy(() -> StreamDemux.demux(new ByteArrayInputStream(cut), new ByteArrayOutputStream(), new ByteArrayOutputStream()))
                .isInstanceOf(EOFException.class);
    }
}
