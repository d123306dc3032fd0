package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void render_halfway_drawsDockersBarAndNumbers() {
        assertThat(ProgressBar.render(1_700_000, 3_400_000))
                .isEqualTo("[=========================>                         ]    1.7MB/3.4MB");
    }

    @Test
    void render_done_fillsTheBar() {
        assertThat(ProgressBar.render(4_261_550, 4_261_550))
                .isEqualTo("[==================================================>]  4.262MB/4.262MB");
    }

    @Test
    void render_noTotal_showsOnlyTheCount() {
        assertThat(ProgressBar.render(512, -1)).isEqualTo("    512B");
        assertThat(ProgressBar.render(0, 0)).isEmpty();
    }

    @Test
    void humanSize_usesFourSignificantDecimalDigits() {
        assertThat(ProgressBar.humanSize(999)).isEqualTo("999B");
        assertThat(ProgressBar.humanSize(1000)).isEqualTo("1kB");
        assertThat(ProgressBar.humanSize(1_234_567)).isEqualTo("1.235MB");
    }
}
