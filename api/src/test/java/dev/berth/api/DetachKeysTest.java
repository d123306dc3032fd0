package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.api.backend.AttachHandle;
import dev.berth.spi.EngineException;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DetachKeysTest {
    private final ByteArrayOutputStream passed = new ByteArrayOutputStream();
    private final AtomicInteger detached = new AtomicInteger();
    private boolean inputClosed;

    private final AttachHandle target = new AttachHandle() {
        @Override
        public void input(byte[] data) {
            passed.writeBytes(data);
        }

        @Override
        public void closeInput() {
            inputClosed = true;
        }

        @Override
        public void close() {
        }
    };

    @Test
    void parse_dockersSyntax() {
        assertThat(DetachKeys.parse("", "%s")).isEqualTo(DetachKeys.DEFAULT);
        assertThat(DetachKeys.parse(null, "%s").sequence()).containsExactly(16, 17);
        assertThat(DetachKeys.parse("ctrl-a,a,DEL,ctrl-@,ctrl-_", "%s").sequence()).containsExactly(1, 'a', 127, 0, 31);
        assertThat(DetachKeys.parse("ctrl-\\,ctrl-[", "%s").sequence()).containsExactly(28, 27);
    }

    @Test
    void parse_badKeys_400WithTheGivenWords() {
        for (String bad : new String[] {"ctrl-A", "ctrl-xx", "ab", "a,,b", "ctrl-1"}) {
            assertThatThrownBy(() -> DetachKeys.parse(bad, "Invalid detach keys (%s) provided"))
                    .isInstanceOf(EngineException.class)
                    .hasMessage("Invalid detach keys (" + bad + ") provided");
        }
    }

    @Test
    void sequenceTypedKeyByKey_detachesOnce_nothingOfItPassed() {
        AttachHandle h = DetachKeys.DEFAULT.watch(target, detached::incrementAndGet);
        h.input("ls\r".getBytes());
        h.input(new byte[] {16});
        h.input(new byte[] {17});
        h.input("after".getBytes());
        h.closeInput();

        assertThat(passed.toString()).isEqualTo("ls\r");
        assertThat(detached).hasValue(1);
        assertThat(inputClosed).as("a detach is not the end of the container's stdin").isFalse();
    }

    @Test
    void startOfSequenceThenOtherKey_heldBytesPassedInOrder() {
        AttachHandle h = DetachKeys.DEFAULT.watch(target, detached::incrementAndGet);
        h.input(new byte[] {16});
        h.input(new byte[] {'x'});
        h.input(new byte[] {16});
        h.input(new byte[] {16});
        h.input(new byte[] {17});

        assertThat(passed.toByteArray()).containsExactly(16, 'x', 16);
        assertThat(detached).hasValue(1);
    }

    @Test
    void sequenceInsidePastedText_isData_asWithDockerd() {
        AttachHandle h = DetachKeys.DEFAULT.watch(target, detached::incrementAndGet);
        h.input(new byte[] {'a', 16, 17, 'b'});
        h.closeInput();

        assertThat(passed.toByteArray()).containsExactly('a', 16, 17, 'b');
        assertThat(detached).hasValue(0);
        assertThat(inputClosed).isTrue();
    }
}
