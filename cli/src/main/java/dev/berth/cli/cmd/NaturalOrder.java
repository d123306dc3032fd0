package dev.berth.cli.cmd;

import java.util.Comparator;

/**
 * The order of fvbommel/sortorder's NaturalLess, which docker uses for {@code network ls} and
 * {@code port}: runs of digits compare by value (digits before other bytes), the rest bytewise.
 */
final class NaturalOrder implements Comparator<String> {
    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {}

    @Override
    public int compare(String a, String b) {
        if (a.equals(b)) return 0;
        return less(a, b) ? -1 : less(b, a) ? 1 : 0;
    }

    static boolean less(String s1, String s2) {
        byte[] x = s1.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] y = s2.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int i = 0;
        int j = 0;
        while (i < x.length && j < y.length) {
            boolean dx = digit(x[i]);
            boolean dy = digit(y[j]);
            if (dx != dy) return dx;
            if (!dx) {
                if (x[i] != y[j]) return (x[i] & 0xff) < (y[j] & 0xff);
                i++;
                j++;
                continue;
            }
            while (i < x.length && x[i] == '0') i++;
            while (j < y.length && y[j] == '0') j++;
            int nx = i;
            int ny = j;
            while (i < x.length && digit(x[i])) i++;
            while (j < y.length && digit(y[j])) j++;
            int lx = i - nx;
            int ly = j - ny;
            if (lx != ly) return lx < ly;
            for (int k = 0; k < lx; k++) {
                if (x[nx + k] != y[ny + k]) return x[nx + k] < y[ny + k];
            }
            if (nx != ny) return nx < ny;
        }
        return x.length < y.length;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }
}
