package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Test
    void create_onDebianWithLibssl3_hashesWithLibcrypto() {
        // the build machines and the packages' target (Debian 12) have libcrypto.so.3
        assertThat(Sha256.isNative()).isTrue();
        assertThat(Sha256.create()).isInstanceOf(Sha256.Libcrypto.class);
    }

    @Test
    void finish_emptyInput_isTheKnownDigest() {
        assertThat(Sha256.create().digest().hex()).isEqualTo(EMPTY);
        Sha256 zeroLength = Sha256.create();
        zeroLength.update(new byte[8], 3, 0);
        assertThat(zeroLength.digest().hex()).isEqualTo(EMPTY);
    }

    @Test
    void update_randomInputsAndSlices_equalsMessageDigest() {
        Random r = new Random(17);
        for (int i = 0; i < 300; i++) {
            byte[] data = new byte[r.nextInt(i < 100 ? 200 : 300_000)];
            r.nextBytes(data);
            int off = data.length == 0 ? 0 : r.nextInt(data.length);
            int len = data.length - off == 0 ? 0 : r.nextInt(data.length - off);
            Sha256 fast = Sha256.create();
            Sha256 jdk = Sha256.jdk();
            // in pieces of random sizes, as streams deliver them
            int at = off;
            while (at < off + len) {
                int n = Math.min(off + len - at, 1 + r.nextInt(70_000));
                fast.update(data, at, n);
                jdk.update(data, at, n);
                at += n;
            }
            assertThat(hex(fast.finish())).as("input %d: %d bytes at %d", i, len, off).isEqualTo(hex(jdk.finish()));
        }
    }

    @Test
    void update_moreThanTwoGigabytesInChunks_equalsMessageDigest() {
        // past 2^31 bytes (a byte count in an int) and 2^32 bits (OpenSSL's low bit-count word carries)
        byte[] block = new byte[4 << 20];
        new Random(4).nextBytes(block);
        Sha256 fast = Sha256.create();
        Sha256 jdk = Sha256.jdk();
        long total = 0;
        long goal = (2L << 30) + 12_345;
        int step = 0;
        while (total < goal) {
            int off = (step * 4099) % 1024;
            int len = (int) Math.min(goal - total, block.length - off - step % 7);
            fast.update(block, off, len);
            jdk.update(block, off, len);
            total += len;
            step++;
        }
        assertThat(hex(fast.finish())).isEqualTo(hex(jdk.finish()));
    }

    @Test
    void jdk_knownVector_isFipsExample() {
        Sha256 jdk = Sha256.jdk();
        jdk.update(new byte[] {'a', 'b', 'c'});
        assertThat(hex(jdk.finish())).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
