package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    @Test
    void parse_ctrlAndSingleCharacters_invalidFallsBackToCtrlPCtrlQ() {
        assertThat(DetachKeys.parseOrDefault(null)).containsExactly(16, 17);
        assertThat(DetachKeys.parseOrDefault("ctrl-x,a")).containsExactly(24, 'a');
        assertThat(DetachKeys.parseOrDefault("ctrl-@,ctrl-[,ctrl-_")).containsExactly(0, 27, 31);
        assertThat(DetachKeys.parseOrDefault("ctrl-xx")).containsExactly(16, 17);
        assertThat(DetachKeys.parseOrDefault("alt-x")).containsExactly(16, 17);
    }

    @Test
    void matcher_holdsBackThePrefix_passesWhatIsNotTheSequence_acrossReads() {
        DetachKeys.Matcher m = new DetachKeys.Matcher(DetachKeys.DEFAULT);
        ByteArrayOutputStream pass = new ByteArrayOutputStream();
        assertThat(m.feed(new byte[] {'a', 16, 'b'}, 3, pass)).isFalse();
        assertThat(pass.toByteArray()).containsExactly('a', 16, 'b');
        pass.reset();
        assertThat(m.feed(new byte[] {'c', 16}, 2, pass)).isFalse();
        assertThat(pass.toString(StandardCharsets.ISO_8859_1)).isEqualTo("c");
        assertThat(m.feed(new byte[] {17, 'z'}, 2, pass)).isTrue();
        assertThat(pass.toString(StandardCharsets.ISO_8859_1)).isEqualTo("c");
    }
}
