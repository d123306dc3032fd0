package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostConfigTest {

    private static HostConfig with(boolean autoRemove, long memory, long swap, long shares, List<TmpfsMount> tmpfs,
                                   List<BindMount> binds, RestartPolicy restart) {
        return HostConfig.builder().autoRemove(autoRemove).memory(memory).memorySwap(swap).cpuShares(shares)
                .tmpfs(tmpfs).binds(binds).restartPolicy(restart).build();
    }

    @Test
    void defaults_areDockers() {
        HostConfig h = HostConfig.defaults();
        assertThat(h.networkMode()).isEqualTo("default");
        assertThat(h.restartPolicy()).isEqualTo(RestartPolicy.NO);
        assertThat(h.binds()).isEmpty();
        assertThat(h.portBindings()).isEmpty();
    }

    @Test
    void consoleSize_readAsGoReadsTwoNumbers_zeroIsNone_outOfRangeRefusedNamingTheField() {
        assertThat(HostConfig.builder().consoleSize(List.of(31, 97)).build().consoleSize()).containsExactly(31, 97);
        assertThat(HostConfig.builder().consoleSize(List.of(31, 97, 5)).build().consoleSize()).containsExactly(31, 97);
        assertThat(HostConfig.builder().consoleSize(List.of(31)).build().consoleSize()).containsExactly(31, 0);
        assertThat(HostConfig.builder().consoleSize(List.of(0, 0)).build().consoleSize()).isEmpty();
        assertThat(HostConfig.builder().consoleSize(null).build().consoleSize()).isEmpty();
        assertThatThrownBy(() -> HostConfig.builder().consoleSize(List.of(-1, 80)).build())
                .hasMessage("invalid HostConfig.ConsoleSize: -1 is not a terminal size (rows and columns are 0 to 65535)");
        assertThatThrownBy(() -> HostConfig.builder().consoleSize(List.of(24, 65536)).build())
                .hasMessageStartingWith("invalid HostConfig.ConsoleSize: 65536 is not a terminal size");
    }

    @Test
    void new_memoryBelowDockersMinimum_dockersMessage() {
        assertThatThrownBy(() -> with(false, 1024 * 1024, 0, 0, null, null, null))
                .hasMessage("Minimum memory limit allowed is 6MB");
        assertThat(with(false, HostConfig.MIN_MEMORY, 0, 0, null, null, null).memory()).isEqualTo(HostConfig.MIN_MEMORY);
    }

    @Test
    void new_swapBelowMemory_dockersMessage() {
        assertThatThrownBy(() -> with(false, 64L << 20, 32L << 20, 0, null, null, null))
                .hasMessage("Minimum memoryswap limit should be larger than memory limit, see usage");
        assertThat(with(false, 64L << 20, -1, 0, null, null, null).memorySwap()).isEqualTo(-1);
    }

    @Test
    void new_negativeCpuShares_dockersMessage() {
        assertThatThrownBy(() -> with(false, 0, 0, -2, null, null, null))
                .hasMessage("invalid CPU shares: -2: must be a positive number");
    }

    @Test
    void new_autoRemoveWithRestartPolicy_dockersMessage() {
        assertThatThrownBy(() -> with(true, 0, 0, 0, null, null, RestartPolicy.of("always", 0)))
                .hasMessage("can't create 'AutoRemove' container with restart policy");
    }

    @Test
    void new_twoMountsOnOnePath_dockersMessage() {
        assertThatThrownBy(() -> with(false, 0, 0, 0, List.of(TmpfsMount.parse("/data/", "")),
                List.of(BindMount.parse("/srv:/data")), null)).hasMessage("Duplicate mount point: /data");
        assertThatThrownBy(() -> with(false, 0, 0, 0, null,
                List.of(BindMount.parse("/a:/x"), BindMount.parse("/b:/x/./")), null))
                .hasMessage("Duplicate mount point: /x");
    }

    @Test
    void runtime_absentOrEmpty_isRunc_theOnlyRuntimeOlderJournalsKnew() {
        assertThat(HostConfig.defaults().runtime()).isEqualTo("runc");
        assertThat(HostConfig.builder().runtime("").build().runtime()).isEqualTo("runc");
        assertThat(HostConfig.builder().runtime("crun").build().toBuilder().build().runtime()).isEqualTo("crun");
    }
}
