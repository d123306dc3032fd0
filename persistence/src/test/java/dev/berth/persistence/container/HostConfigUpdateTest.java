package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostConfigUpdateTest {
    private static final long MB = 1024 * 1024;

    private static HostConfig withMemory(long memory, long swap) {
        var d = HostConfig.defaults();
        return new HostConfigUpdate(memory == 0 ? null : memory, swap == 0 ? null : swap, null, null, null, null).applyTo(d);
    }

    @Test
    void applyTo_onlyGivenFieldsChange() {
        var before = withMemory(64 * MB, 0);
        var after = new HostConfigUpdate(null, null, 1_000_000_000L, 512L, 100L, RestartPolicy.of("always", 0)).applyTo(before);
        assertThat(after.memory()).isEqualTo(64 * MB);
        assertThat(after.nanoCpus()).isEqualTo(1_000_000_000L);
        assertThat(after.cpuShares()).isEqualTo(512);
        assertThat(after.pidsLimit()).isEqualTo(100);
        assertThat(after.restartPolicy().name()).isEqualTo(RestartPolicy.Name.ALWAYS);
    }

    @Test
    void against_memoryOnly_pinsTheImplicitSwapAsDockerStoresIt() {
        var checked = new HostConfigUpdate(100 * MB, null, null, null, null, null).against(withMemory(64 * MB, 0));
        assertThat(checked.memorySwap()).isEqualTo(128 * MB);
    }

    @Test
    void against_memoryAboveTheSwapLimit_dockersMessage() {
        assertThatThrownBy(() -> new HostConfigUpdate(200 * MB, null, null, null, null, null).against(withMemory(64 * MB, 0)))
                .hasMessage("Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time");
    }

    @Test
    void against_swapWithoutAnyMemoryLimit_dockersMessage() {
        assertThatThrownBy(() -> new HostConfigUpdate(null, 200 * MB, null, null, null, null).against(HostConfig.defaults()))
                .hasMessage("You should always set the Memory limit when using Memoryswap limit, see usage");
    }

    @Test
    void new_belowMinimum_dockersMessage() {
        assertThatThrownBy(() -> new HostConfigUpdate(MB, null, null, null, null, null))
                .hasMessage("Minimum memory limit allowed is 6MB");
    }

    @Test
    void cpusets_appliedAndCheckedForTheirForm() {
        var after = new HostConfigUpdate(null, null, null, null, null, null, "0-1,3", "0").applyTo(HostConfig.defaults());
        assertThat(after.cpusetCpus()).isEqualTo("0-1,3");
        assertThat(after.cpusetMems()).isEqualTo("0");
        assertThat(new HostConfigUpdate(null, null, null, null, null, null, "", null).cpusetCpus()).as("unchanged").isNull();
        assertThatThrownBy(() -> new HostConfigUpdate(null, null, null, null, null, null, "3-1", null))
                .hasMessage("Invalid value 3-1 for cpuset cpus");
        assertThatThrownBy(() -> new HostConfigUpdate(null, null, null, null, null, null, null, "a"))
                .hasMessage("Invalid value a for cpuset mems");
    }

    @Test
    void new_negativePidsLimit_isUnlimited() {
        assertThat(new HostConfigUpdate(null, null, null, null, -1L, null).pidsLimit()).isZero();
    }

    @Test
    void against_restartPolicyOnAutoRemove_refused() {
        var autoRemove = HostConfig.builder().autoRemove(true).build();
        assertThatThrownBy(() -> new HostConfigUpdate(null, null, null, null, null, RestartPolicy.of("always", 0))
                .against(autoRemove)).hasMessageContaining("AutoRemove");
    }

    private static HostConfigUpdate limits(Long nanoCpus, Long quota, Long period, Long reservation, Integer weight) {
        return new HostConfigUpdate(null, null, nanoCpus, null, null, null, null, null, quota, period, reservation, weight);
    }

    @Test
    void applyTo_cfsReservationAndBlkioWeight_keepTheRest() {
        var before = HostConfig.builder().memory(128 * MB).blkio(new Blkio(0, List.of(),
                List.of(new Blkio.ThrottleDevice("/dev/sda", 1)), null, null, null)).build();
        var after = limits(null, 50_000L, 200_000L, 64 * MB, 300).against(before).applyTo(before);
        assertThat(after.cpuQuota()).isEqualTo(50_000);
        assertThat(after.cpuPeriod()).isEqualTo(200_000);
        assertThat(after.memoryReservation()).isEqualTo(64 * MB);
        assertThat(after.blkio().weight()).isEqualTo(300);
        assertThat(after.blkio().readBps()).hasSize(1);
        assertThat(after.memory()).isEqualTo(128 * MB);
    }

    @Test
    void against_cfsAndNanoCpus_dockerdsConflicts() {
        var nano = HostConfig.builder().nanoCpus(1_000_000_000L).build();
        assertThatThrownBy(() -> limits(null, 50_000L, null, null, null).against(nano))
                .hasMessage("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
        assertThatThrownBy(() -> limits(null, null, 50_000L, null, null).against(nano))
                .hasMessage("Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
        var quota = HostConfig.builder().cpuQuota(50_000L).build();
        assertThatThrownBy(() -> limits(1_000_000_000L, null, null, null, null).against(quota))
                .hasMessage("Conflicting options: Nano CPUs cannot be updated as CPU Quota has already been set");
    }

    @Test
    void new_reservationOrWeightOutOfRange_dockerdsMessages() {
        assertThatThrownBy(() -> limits(null, null, null, MB, null)).hasMessage("Minimum memory reservation allowed is 6MB");
        assertThatThrownBy(() -> limits(null, null, null, null, 5)).hasMessage("Range of blkio weight is from 10 to 1000");
        var small = HostConfig.builder().memory(32 * MB).build();
        assertThatThrownBy(() -> limits(null, null, null, 64 * MB, null).against(small))
                .hasMessage("Minimum memory limit can not be less than memory reservation limit, see usage");
    }
}
