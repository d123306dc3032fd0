package dev.berth.cli.cmd;

import java.io.ByteArrayOutputStream;

/** The detach sequence as the docker CLI reads it: {@code ctrl-p,ctrl-q} by default, {@code ctrl-<c>} or one character each. */
final class DetachKeys {
    static final byte[] DEFAULT = {16, 17};

    private DetachKeys() {}

    /** The keys' bytes; the default when {@code keys} is null, empty or not a valid sequence (docker warns and does the same). */
    static byte[] parseOrDefault(String keys) {
        if (keys == null || keys.isEmpty()) return DEFAULT;
        String[] parts = keys.split(",", -1);
        byte[] out = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String k = parts[i];
            if (k.length() == 1) {
                out[i] = (byte) k.charAt(0);
                continue;
            }
            if (!k.startsWith("ctrl-") || k.length() != 6) return DEFAULT;
            char c = k.charAt(5);
            if (c >= 'a' && c <= 'z') out[i] = (byte) (c - 'a' + 1);
            else if (c == '@') out[i] = 0;
            else if (c >= '[' && c <= '_') out[i] = (byte) (27 + c - '[');
            else return DEFAULT;
        }
        return out;
    }

    /** Holds back bytes while they follow the sequence; what turns out not to be it is passed on. */
    static final class Matcher {
        private final byte[] keys;
        private int matched;

        Matcher(byte[] keys) {
            this.keys = keys;
        }

        /** Copies {@code buf[0..n)} to {@code pass} but for the sequence; true when the whole sequence was typed. */
        boolean feed(byte[] buf, int n, ByteArrayOutputStream pass) {
            for (int i = 0; i < n; i++) {
                if (buf[i] == keys[matched]) {
                    if (++matched == keys.length) return true;
                    continue;
                }
                pass.write(keys, 0, matched);
                matched = 0;
                pass.write(buf[i]);
            }
            return false;
        }
    }
}
