package dev.berth.persistence.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.persistence.Samples;
import java.io.InputStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Events journaled before {@code variant}, {@code repoDigests} and {@code origin} existed still read. */
class ImageEventCompatTest {
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("compat");
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    @Test
    void read_storedWithoutNewFields_defaultsThem() throws Exception {
        var serialization = SerializationExtension.get(testKit.system());
        Serializer serializer = serialization.findSerializerFor(Samples.stored());
        byte[] legacy;
        try (InputStream in = getClass().getResourceAsStream("/legacy/image-event-stored-v1.json")) {
            legacy = in.readAllBytes();
        }
        Object read = serialization.deserialize(legacy, serializer.identifier(),
                Serializers.manifestFor(serializer, Samples.stored())).get();
        assertThat(read).isEqualTo(Samples.stored());
        var stored = (ImageEvent.Stored) read;
        assertThat(stored.repoDigests()).isEmpty();
        assertThat(stored.variant()).isNull();
    }

    @Test
    void apply_pulledOnPresent_addsRepoDigestOnce() {
        var state = new ImageState.Present(Samples.stored())
                .apply(new ImageEvent.Pulled(Samples.T1, "busybox:latest", "busybox@sha256:ab", null))
                .apply(new ImageEvent.Pulled(Samples.T2, "busybox:latest", "busybox@sha256:ab", null));
        assertThat(((ImageState.Present) state).image().repoDigests()).containsExactly("busybox@sha256:ab");
    }
}
