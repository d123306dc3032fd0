package dev.berth.api;

import dev.berth.api.backend.AttachHandle;
import dev.berth.spi.EngineException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The key sequence that detaches a client from a TTY attach or exec without stopping the process:
 * Docker's {@code --detach-keys} syntax ({@code ctrl-p,ctrl-q} by default; {@code ctrl-a}…{@code ctrl-z},
 * {@code ctrl-@}, {@code ctrl-[}, {@code ctrl-\}, {@code ctrl-]}, {@code ctrl-^}, {@code ctrl-_}, {@code DEL}
 * or one character per comma-separated item). As dockerd does, keys are matched only when the client
 * sends them one per write, as a terminal does for key presses; bytes held while a sequence might be
 * starting are passed on when it turns out not to be one.
 */
record DetachKeys(byte[] sequence) {
    static final DetachKeys DEFAULT = new DetachKeys(new byte[] {16, 17});

    private static final String CONTROL = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    DetachKeys {
        sequence = sequence.clone();
    }

    /**
     * The keys a client asked for; Docker's default when it gave none.
     *
     * @param message dockerd's words for a sequence it cannot read, with {@code %s} for it
     */
    static DetachKeys parse(String keys, String message) {
        if (keys == null || keys.isEmpty()) {
            return DEFAULT;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : keys.split(",", -1)) {
            if (key.length() == 1) {
                out.write(key.charAt(0));
            } else if (key.equals("DEL")) {
                out.write(127);
            } else if (key.length() == 6 && key.startsWith("ctrl-") && CONTROL.indexOf(key.charAt(5)) >= 0) {
                out.write(CONTROL.indexOf(key.charAt(5)));
            } else {
                throw EngineException.invalid(String.format(message, keys));
            }
        }
        return new DetachKeys(out.toByteArray());
    }

    /** {@code handle} with this sequence watched for in its input; {@code detach} runs once it is typed. */
    AttachHandle watch(AttachHandle handle, Runnable detach) {
        return new Watching(handle, sequence, detach);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DetachKeys k && Arrays.equals(sequence, k.sequence);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sequence);
    }

    @Override
    public String toString() {
        return "DetachKeys[" + HexFormat.of().formatHex(sequence) + "]";
    }

    /** Called one input at a time (see {@link AttachHandle}): no locking. */
    private static final class Watching implements AttachHandle {
        private final AttachHandle target;
        private final byte[] sequence;
        private final Runnable detach;
        private int matched;
        private boolean detached;

        Watching(AttachHandle target, byte[] sequence, Runnable detach) {
            this.target = target;
            this.sequence = sequence;
            this.detach = detach;
        }

        @Override
        public void input(byte[] data) {
            if (detached) {
                return;
            }
            if (data.length == 1 && data[0] == sequence[matched]) {
                matched++;
                if (matched == sequence.length) {
                    detached = true;
                    detach.run();
                }
                return;
            }
            if (matched > 0) {
                byte[] held = Arrays.copyOf(sequence, matched);
                matched = 0;
                target.input(held);
                input(data); // it may start a sequence of its own
                return;
            }
            target.input(data);
        }

        @Override
        public void closeInput() {
            if (!detached) {
                target.closeInput();
            }
        }

        @Override
        public void close() {
            target.close();
        }
    }
}
