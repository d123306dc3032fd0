package dev.berth.persistence.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TagStateTest {
    private static final String A = "sha256:" + "a".repeat(64);
    private static final String B = "sha256:" + "b".repeat(64);
    private static final Instant T1 = Instant.parse("2026-01-01T10:00:00.123456789Z");
    private static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");
    private static final Instant T3 = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void lastTagged_isTheNewestTagOfTheImage_andGoesWithItsLastReference() {
        TagState s = TagState.empty()
                .apply(new TagEvent.Tagged(T1, "docker.io/library/app:1", A, null))
                .apply(new TagEvent.Tagged(T2, "docker.io/library/app:latest", A, null));
        assertThat(s.lastTagged(A)).isEqualTo(T2);
        assertThat(s.lastTagged(B)).isNull();

        // the tag moves to B: A keeps app:1 and its time; B is tagged now
        s = s.apply(new TagEvent.Tagged(T3, "docker.io/library/app:latest", B, A));
        assertThat(s.lastTagged(A)).isEqualTo(T2);
        assertThat(s.lastTagged(B)).isEqualTo(T3);

        // A's last reference goes: so does its time (the map is only as big as the tags)
        s = s.apply(new TagEvent.Untagged(T3, "docker.io/library/app:1", A));
        assertThat(s.lastTagged(A)).isNull();
        assertThat(s.lastTagged()).containsOnlyKeys(B);

        // B's only tag moves back to A: B has no reference left, and no time
        s = s.apply(new TagEvent.Tagged(T3, "docker.io/library/app:latest", A, B));
        assertThat(s.lastTagged()).containsOnlyKeys(A);
    }
}
