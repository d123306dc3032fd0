package dev.berth.api.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a build cache prune keeps, as BuildKit weighs its three limits. */
class BuildPruneSpaceTest {

    @Test
    void noLimit_keepsNothing_everySelectedRecordGoes() {
        assertThat(BuildPruneSpace.NONE.keepBytes(8000, 100)).isZero();
    }

    @Test
    void reservedAlone_isWhatIsKept() {
        assertThat(new BuildPruneSpace(7000, 0, 0).keepBytes(8000, 100)).isEqualTo(7000);
    }

    @Test
    void maxUsed_isKept_butNeverBelowReserved() {
        assertThat(new BuildPruneSpace(0, 5000, 0).keepBytes(8000, 100)).isEqualTo(5000);
        assertThat(new BuildPruneSpace(6000, 5000, 0).keepBytes(8000, 100)).isEqualTo(6000);
    }

    @Test
    void minFree_lowersWhatIsKeptByWhatTheDiskLacks_orKeepsAllWhenMet() {
        // the disk has 1,000 free and should have 3,000: the cache gives up 2,000 of its 8,000
        assertThat(new BuildPruneSpace(0, 0, 3000).keepBytes(8000, 1000)).isEqualTo(6000);
        assertThat(new BuildPruneSpace(0, 7000, 3000).keepBytes(8000, 1000)).isEqualTo(6000);
        assertThat(new BuildPruneSpace(0, 5000, 3000).keepBytes(8000, 1000)).isEqualTo(5000);
        // already free enough: all of it stays, unless a max-used-space says otherwise
        assertThat(new BuildPruneSpace(0, 0, 3000).keepBytes(8000, 9000)).isEqualTo(8000);
        assertThat(new BuildPruneSpace(0, 5000, 3000).keepBytes(8000, 9000)).isEqualTo(5000);
        assertThat(new BuildPruneSpace(7500, 0, 3000).keepBytes(8000, 1000)).isEqualTo(7500);
    }
}
