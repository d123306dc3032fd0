package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ContainerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuRealtimeBudgetTest {
    @TempDir
    Path cpu;

    @Test
    void prepare_writesTheBudget_intoEveryCgroupAboveTheContainer_fromTheTop() throws IOException {
        Files.writeString(cpu.resolve("cpu.rt_runtime_us"), "950000");
        CpuRealtimeBudget budget = CpuRealtimeBudget.of(cpu, 0, 95000);
        budget.prepare("/berth/team/0123abcd");
        assertThat(Files.readString(cpu.resolve("berth/cpu.rt_runtime_us"))).isEqualTo("95000");
        assertThat(Files.readString(cpu.resolve("berth/team/cpu.rt_runtime_us"))).isEqualTo("95000");
        // the period stays the kernel's (0 = not set), the container's own cgroup is runc's to write
        assertThat(cpu.resolve("berth/cpu.rt_period_us")).doesNotExist();
        assertThat(cpu.resolve("berth/team/0123abcd")).doesNotExist();
        // the hierarchy's root is never written
        assertThat(Files.readString(cpu.resolve("cpu.rt_runtime_us"))).isEqualTo("950000");
    }

    @Test
    void noBudget_writesNothing_andAKernelWithoutTheScheduler_isRefusedOnce() throws IOException {
        CpuRealtimeBudget.of(cpu, 0, 0).prepare("/berth/x");
        assertThat(cpu.resolve("berth")).doesNotExist();
        assertThatThrownBy(() -> CpuRealtimeBudget.of(cpu, 1000000, 95000)).isInstanceOf(EngineException.class)
                .hasMessageContaining("no CPU real-time group scheduler");
    }

    @Test
    void aContainersOwnBudget_goesIntoItsSpec() {
        ContainerSpec.Resources r = new ContainerSpec.Resources(0, 0, 0, 0, 0, "", "", 0, 0, 0, false,
                java.util.List.of(), java.util.List.of(), ContainerSpec.Blkio.NONE, null, 500000, 20000);
        ObjectNode cpuNode = (ObjectNode) OciResources.build(r, false, true).get("cpu");
        assertThat(cpuNode.get("realtimePeriod").asLong()).isEqualTo(500000);
        assertThat(cpuNode.get("realtimeRuntime").asLong()).isEqualTo(20000);
        assertThat(OciResources.build(ContainerSpec.Resources.NONE, false, true).has("cpu")).isFalse();
    }
}
