package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.persistence.container.Blkio;
import dev.berth.spi.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostBlkioTest {
    private static final HostBlkio.Support ALL = new HostBlkio.Support(true, true, true, true, true, true);
    private static final HostBlkio.Support THROTTLE_ONLY = new HostBlkio.Support(false, false, true, true, true, true);
    private static final List<Blkio.ThrottleDevice> NULL_1MB = List.of(new Blkio.ThrottleDevice("/dev/null", 1048576));

    @Test
    void fit_kernelWithoutWeight_dropsWeightsWithDockerdsWarnings_keepsThrottles() {
        HostBlkio.Fitted f = HostBlkio.fit(300, List.of(new Blkio.WeightDevice("/dev/null", 500)), NULL_1MB, List.of(),
                List.of(), List.of(), THROTTLE_ONLY);
        assertThat(f.blkio()).isEqualTo(new Blkio(0, List.of(), NULL_1MB, List.of(), List.of(), List.of()));
        assertThat(f.warnings()).containsExactly(
                "Your kernel does not support Block I/O weight or the cgroup is not mounted. Weight discarded.",
                "Your kernel does not support Block I/O weight_device or the cgroup is not mounted. Weight-device discarded.");
    }

    @Test
    void fit_weightOutOfRange_refusedWhereSupported_droppedWhereNot() {
        assertThatThrownBy(() -> HostBlkio.fit(5, List.of(), List.of(), List.of(), List.of(), List.of(), ALL))
                .isInstanceOf(EngineException.class).hasMessage("Range of blkio weight is from 10 to 1000");
        assertThat(HostBlkio.fit(5, List.of(), List.of(), List.of(), List.of(), List.of(), THROTTLE_ONLY).blkio())
                .isEqualTo(Blkio.NONE);
    }

    @Test
    void fit_missingDevice_dockerdsStatError() {
        assertThatThrownBy(() -> HostBlkio.fit(0, List.of(), List.of(), List.of(new Blkio.ThrottleDevice("/dev/berth-nope", 1)),
                List.of(), List.of(), ALL)).hasMessage("stat /dev/berth-nope: no such file or directory");
    }

    @Test
    void throttle_negativeRate_refused() {
        assertThatThrownBy(() -> new Blkio.ThrottleDevice("/dev/sda", -1)).hasMessageStartingWith("invalid rate for device");
    }
}
