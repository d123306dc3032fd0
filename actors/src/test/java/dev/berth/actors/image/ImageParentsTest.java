package dev.berth.actors.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.image.Digest;
import dev.berth.image.ImageConfig;
import dev.berth.persistence.image.ImageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageParentsTest {
    private final Map<String, ImageConfig> configs = new HashMap<>();
    private final List<ImageEvent.Stored> images = new ArrayList<>();

    private static Digest digest(char c) {
        return new Digest(String.valueOf(c).repeat(64));
    }

    /** An image of {@code source} whose history is {@code steps} (a step in capitals adds a layer). */
    private String image(String source, String... steps) {
        List<ImageConfig.History> history = new ArrayList<>();
        List<Digest> layers = new ArrayList<>();
        for (String s : steps) {
            boolean layer = Character.isUpperCase(s.charAt(0));
            history.add(new ImageConfig.History(Instant.EPOCH, s, null, !layer));
            if (layer) {
                layers.add(digest(Character.toLowerCase(s.charAt(0))));
            }
        }
        String id = "sha256:" + Integer.toHexString(String.join("/", steps).hashCode() & 0xfffffff) + "0".repeat(57);
        configs.put(id, new ImageConfig("amd64", "linux", null, Instant.EPOCH, null, null, null, layers, history));
        images.add(new ImageEvent.Stored(Instant.EPOCH, id, source, Instant.EPOCH, "amd64", "linux", List.of(), 0,
                Map.of()));
        return id;
    }

    private ImageParents parents() {
        return ImageParents.of(images, configs::get);
    }

    @Test
    void aBuildStepsParentIsTheStepBefore_layerOrConfigOnly_andTheFromImageForTheFirst() {
        String base = image("pull", "A", "b");
        String run = image("build", "A", "b", "C");
        String env = image("build", "A", "b", "C", "d");
        String last = image("build", "A", "b", "C", "d", "E");
        ImageParents p = parents();

        assertThat(p.parent(run)).isEqualTo(base);
        assertThat(p.parent(env)).isEqualTo(run);
        assertThat(p.parent(last)).isEqualTo(env);
        assertThat(p.parent(base)).isNull();
        assertThat(p.hasChildren(base)).isTrue();
        assertThat(p.hasChildren(last)).isFalse();
    }

    @Test
    void pulledLoadedAndImportedImagesHaveNoParent_aCommitHasItsContainersImage() {
        String base = image("import", "A");
        String pulled = image("pull", "A", "B");
        String loaded = image("load", "A", "b");
        String committed = image("commit", "A", "C");
        ImageParents p = parents();

        assertThat(p.parent(pulled)).isNull();
        assertThat(p.parent(loaded)).isNull();
        assertThat(p.parent(committed)).isEqualTo(base);
    }

    @Test
    void aStepThatSkipsOneIsNoChild_andForgettingTheLastChildLeavesTheParentChildless() {
        String base = image("import", "A");
        String twoSteps = image("build", "A", "B", "C");
        String one = image("build", "A", "F");
        ImageParents p = parents();

        assertThat(p.parent(twoSteps)).isNull();
        assertThat(p.parent(one)).isEqualTo(base);
        p.forget(one);
        assertThat(p.hasChildren(base)).isFalse();
        assertThat(p.parent(one)).isNull();
    }

    @Test
    void anImageWhoseConfigIsGoneIsLeftOut() {
        String base = image("import", "A");
        String child = image("build", "A", "b");
        configs.remove(base);
        assertThat(parents().parent(child)).isNull();
    }
}
