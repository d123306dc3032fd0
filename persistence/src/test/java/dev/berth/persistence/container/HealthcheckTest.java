package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthcheckTest {
    private static final long S = 1_000_000_000L;
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void new_durationBelowOneMillisecond_isDockerdsMessage() {
        assertThatThrownBy(() -> new Healthcheck(List.of("CMD", "true"), 500_000, 0, 0, 0, 0))
                .isInstanceOf(EngineException.class).hasMessage("Interval in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> new Healthcheck(List.of(), S, -100_000_000, 0, 0, 0))
                .hasMessage("Timeout in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> new Healthcheck(List.of(), 0, 0, 0, 0, -10))
                .hasMessage("Retries in Healthcheck cannot be negative");
        assertThatThrownBy(() -> new Healthcheck(List.of(), 0, 0, 10, 0, 0))
                .hasMessage("StartPeriod in Healthcheck cannot be less than 1ms");
        assertThatThrownBy(() -> new Healthcheck(List.of(), 0, 0, 0, 999_999, 0))
                .hasMessage("StartInterval in Healthcheck cannot be less than 1ms");
    }

    @Test
    void defaults_allZero_areDockerds() {
        var h = new Healthcheck(List.of("CMD", "true"), 0, 0, 0, 0, 0);
        assertThat(h.intervalOrDefault()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.timeoutOrDefault()).isEqualTo(Duration.ofSeconds(30));
        assertThat(h.startPeriodOrDefault()).isEqualTo(Duration.ZERO);
        assertThat(h.startIntervalOrDefault()).isEqualTo(Duration.ofSeconds(5));
        assertThat(h.retriesOrDefault()).isEqualTo(3);
    }

    @Test
    void merge_unsetParts_comeFromTheImage() {
        var image = new Healthcheck(List.of("CMD-SHELL", "curl -f localhost"), 10 * S, 3 * S, 5 * S, 2 * S, 4);
        var user = new Healthcheck(List.of(), 2 * S, 0, 0, 0, 7);
        assertThat(Healthcheck.merge(user, image)).isEqualTo(
                new Healthcheck(List.of("CMD-SHELL", "curl -f localhost"), 2 * S, 3 * S, 5 * S, 2 * S, 7));
        assertThat(Healthcheck.merge(null, image)).isEqualTo(image);
        assertThat(Healthcheck.merge(user, null)).isEqualTo(user);
        var none = new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0);
        assertThat(Healthcheck.merge(none, image).probes()).isFalse();
    }

    @Test
    void command_cmdAndShellForms() {
        assertThat(new Healthcheck(List.of("CMD", "test", "-f", "/x"), 0, 0, 0, 0, 0).command())
                .containsExactly("test", "-f", "/x");
        assertThat(new Healthcheck(List.of("CMD-SHELL", "test -f /x"), 0, 0, 0, 0, 0).command())
                .containsExactly("/bin/sh", "-c", "test -f /x");
        assertThat(new Healthcheck(List.of("NONE"), 0, 0, 0, 0, 0).probes()).isFalse();
        assertThat(new Healthcheck(List.of("WHAT", "x"), 0, 0, 0, 0, 0).probes()).isFalse();
    }

    @Test
    void after_failuresUpToRetries_unhealthyThenHealthyAgain() {
        var check = new Healthcheck(List.of("CMD", "true"), S, S, 0, 0, 2);
        ContainerHealth h = ContainerHealth.starting().after(probe(1, 1), check, T0);
        assertThat(h.status()).isEqualTo(HealthStatus.STARTING);
        assertThat(h.failingStreak()).isEqualTo(1);
        h = h.after(probe(2, 1), check, T0);
        assertThat(h.status()).isEqualTo(HealthStatus.UNHEALTHY);
        assertThat(h.failingStreak()).isEqualTo(2);
        h = h.after(probe(3, 0), check, T0);
        assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(h.failingStreak()).isZero();
        assertThat(h.log()).hasSize(3);
    }

    @Test
    void after_failureWithinStartPeriod_doesNotCount() {
        var check = new Healthcheck(List.of("CMD", "true"), S, S, 10 * S, 0, 1);
        ContainerHealth h = ContainerHealth.starting().after(probe(3, 1), check, T0);
        assertThat(h.status()).isEqualTo(HealthStatus.STARTING);
        assertThat(h.failingStreak()).isZero();
        h = h.after(probe(11, 1), check, T0);
        assertThat(h.status()).isEqualTo(HealthStatus.UNHEALTHY);
    }

    @Test
    void after_manyProbes_keepsTheLastFive() {
        var check = new Healthcheck(List.of("CMD", "true"), S, S, 0, 0, 0);
        ContainerHealth h = ContainerHealth.starting();
        for (int i = 1; i <= 7; i++) {
            h = h.after(probe(i, 0), check, T0);
        }
        assertThat(h.log()).extracting(p -> p.start().getEpochSecond() - T0.getEpochSecond())
                .containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(h.restarted()).isEqualTo(new ContainerHealth(HealthStatus.STARTING, 0, h.log()));
    }

    private static ContainerHealth.Probe probe(int second, int exit) {
        return new ContainerHealth.Probe(T0.plusSeconds(second), T0.plusSeconds(second).plusMillis(5), exit, "");
    }
}
