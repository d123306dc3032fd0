package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostCpusetsTest {
    @Test
    void parse_rangesAndSingles() {
        assertThat(HostCpusets.parse("0-2,4")).containsExactly(0, 1, 2, 4);
        assertThat(HostCpusets.parse("x")).isEmpty();
    }

    @Test
    void check_cpuZero_availableOnEveryHost() {
        HostCpusets.check("0", "0");
    }

    @Test
    void check_aCpuThisHostLacks_dockersMessage() {
        assertThatThrownBy(() -> HostCpusets.check("4095", null))
                .hasMessageStartingWith("Requested CPUs are not available - requested 4095, available: ");
    }
}
