package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    @TempDir
    Path root;

    @Test
    void write_thenReadBack_byDigest() throws IOException {
        ContentStore store = new ContentStore(root);
        byte[] data = "hello".getBytes();
        Digest d = store.write(new ByteArrayInputStream(data), null);
        assertThat(d).isEqualTo(Digest.of(data));
        assertThat(store.exists(d)).isTrue();
        assertThat(store.size(d)).isEqualTo(5);
        assertThat(store.read(d)).isEqualTo(data);
        try (InputStream in = store.open(d)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(store.path(d)).isEqualTo(root.resolve("content/sha256/" + d.hex()));
    }

    @Test
    void write_expectedMatches_ok_twiceIsIdempotent() {
        ContentStore store = new ContentStore(root);
        byte[] data = "x".getBytes();
        assertThat(store.write(data, Digest.of(data))).isEqualTo(Digest.of(data));
        assertThat(store.write(data, Digest.of(data))).isEqualTo(Digest.of(data));
        assertThat(root.resolve("content/tmp")).isEmptyDirectory();
    }

    @Test
    void write_digestMismatch_invalidAndNothingKept() throws IOException {
        ContentStore store = new ContentStore(root);
        Digest wrong = Digest.of("other");
        assertThatThrownBy(() -> store.write("data".getBytes(), wrong))
                .isInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(store.exists(wrong)).isFalse();
        assertThat(store.exists(Digest.of("data"))).isFalse();
        assertThat(root.resolve("content/tmp")).isEmptyDirectory();
        assertThat(root.resolve("content/sha256")).isEmptyDirectory();
    }

    @Test
    void writeSelfVerifying_streamFailingItsLastRead_keepsNothing() throws IOException {
        ContentStore store = new ContentStore(root);
        byte[] data = "bytes that turn out wrong".getBytes();
        Digest claimed = Digest.of("what the manifest said");
        // what a download's verifier does: the bytes pass, the end of stream throws
        InputStream verifier = new java.io.FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw EngineException.invalid("verification failed");
                }
                return n;
            }
        };
        assertThatThrownBy(() -> store.writeSelfVerifying(verifier, claimed)).hasMessage("verification failed");
        assertThat(store.exists(claimed)).isFalse();
        assertThat(store.exists(Digest.of(data))).isFalse();
        try (var s = Files.list(root.resolve("content/tmp"))) {
            assertThat(s).isEmpty();
        }
        assertThat(store.writeSelfVerifying(new ByteArrayInputStream(data), Digest.of(data))).isEqualTo(Digest.of(data));
        assertThat(store.read(Digest.of(data))).isEqualTo(data);
    }

    @Test
    void stage_readableBeforeAndAfterCommit_namedOnlyByCommit() throws IOException {
        ContentStore store = new ContentStore(root);
        byte[] data = "a layer".getBytes();
        Digest d = Digest.of(data);
        try (StagedBlob staged = store.stage(new ByteArrayInputStream(data), d);
             InputStream early = staged.open()) {
            assertThat(store.exists(d)).as("not named before it is durable").isFalse();
            staged.commit();
            assertThat(store.exists(d)).isTrue();
            assertThat(early.readAllBytes()).as("a reader from before the commit").isEqualTo(data);
            try (InputStream late = staged.open()) {
                assertThat(late.readAllBytes()).isEqualTo(data);
            }
        }
        assertThat(store.read(d)).isEqualTo(data);
        try (var s = Files.list(root.resolve("content/tmp"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void stage_closedWithoutCommit_leavesNothing() throws IOException {
        ContentStore store = new ContentStore(root);
        byte[] data = "given up".getBytes();
        StagedBlob staged = store.stage(new ByteArrayInputStream(data), Digest.of(data));
        staged.close();
        assertThat(store.exists(Digest.of(data))).isFalse();
        assertThatThrownBy(staged::open).isInstanceOf(IOException.class);
        try (var s = Files.list(root.resolve("content/tmp"))) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void begin_teeReadInSmallPieces_storesExactlyWhatWasRead() throws IOException {
        ContentStore store = new ContentStore(root);
        byte[] data = new byte[300_000];
        new java.util.Random(3).nextBytes(data);
        ContentStore.Written w;
        try (ContentStore.Pending p = store.begin()) {
            InputStream tee = p.tee(new ByteArrayInputStream(data));
            byte[] small = new byte[511];
            assertThat(tee.read()).isEqualTo(data[0] & 0xff);
            assertThat(tee.skip(1000)).isPositive();
            while (tee.read(small, 0, small.length) > 0) {
                // a reader taking odd-sized pieces, as the tar reader does
            }
            w = p.commit();
        }
        assertThat(w.digest()).isEqualTo(Digest.of(data));
        assertThat(w.created()).isTrue();
        assertThat(store.read(w.digest())).isEqualTo(data);
        assertThat(root.resolve("content/tmp")).isEmptyDirectory();
    }

    @Test
    void begin_closedWithoutCommit_leavesNothing() throws IOException {
        ContentStore store = new ContentStore(root);
        try (ContentStore.Pending p = store.begin()) {
            p.tee(new ByteArrayInputStream("half".getBytes())).read(new byte[2]);
        }
        assertThat(root.resolve("content/tmp")).isEmptyDirectory();
        assertThat(root.resolve("content/sha256")).isEmptyDirectory();
    }

    @Test
    void begin_sameBytesTwice_secondIsNotCreatedAndLeavesNoTemp() throws IOException {
        ContentStore store = new ContentStore(root);
        byte[] data = "same".getBytes();
        store.write(data, null);
        try (ContentStore.Pending p = store.begin()) {
            p.tee(new ByteArrayInputStream(data)).readAllBytes();
            assertThat(p.commit().created()).isFalse();
        }
        assertThat(store.read(Digest.of(data))).isEqualTo(data);
        assertThat(root.resolve("content/tmp")).isEmptyDirectory();
    }

    @Test
    void missingBlob_notFound_deleteIdempotent() {
        ContentStore store = new ContentStore(root);
        Digest d = Digest.of("missing");
        assertThatThrownBy(() -> store.read(d))
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
        store.delete(d);
        store.write("missing".getBytes(), null);
        store.delete(d);
        assertThat(store.exists(d)).isFalse();
    }

    @Test
    void removeStaleTemp_clearsLeftovers() throws IOException {
        ContentStore store = new ContentStore(root);
        Files.writeString(root.resolve("content/tmp/blob-1.part"), "half");
        store.removeStaleTemp();
        assertThat(root.resolve("content/tmp")).isEmptyDirectory();
    }
}
