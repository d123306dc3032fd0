package dev.berth.actors.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageViewTest {
    private static final String ID = "sha256:" + "a".repeat(64);
    private static final String DIGEST = "sha256:" + "d".repeat(64);

    private static ImageView viewWith(String... repoDigests) {
        ImageView view = new ImageView();
        view.image(ID, new ImageState.Present(new ImageEvent.Stored(Instant.EPOCH, ID, "pull", Instant.EPOCH, "amd64",
                "linux", List.of(), 0, Map.of(), null, List.of(repoDigests), null)));
        return view;
    }

    @Test
    void byRepoDigest_familiarRecord_matchesTheNormalisedName() {
        ImageView view = viewWith("busybox@" + DIGEST, "127.0.0.1:5000/x/app@" + DIGEST);
        assertThat(view.byRepoDigest("docker.io/library/busybox", DIGEST)).contains(ID);
        assertThat(view.byRepoDigest("127.0.0.1:5000/x/app", DIGEST)).contains(ID);
    }

    @Test
    void byRepoDigest_otherRepositoryOrDigest_orGoneImage_none() {
        ImageView view = viewWith("busybox@" + DIGEST);
        assertThat(view.byRepoDigest("docker.io/library/alpine", DIGEST)).isEmpty();
        assertThat(view.byRepoDigest("docker.io/library/busybox", "sha256:" + "e".repeat(64))).isEmpty();
        view.image(ID, new ImageState.Gone(view.get(ID).orElseThrow()));
        assertThat(view.byRepoDigest("docker.io/library/busybox", DIGEST)).isEmpty();
    }
}
