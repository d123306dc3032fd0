package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** --shm-size, --ulimit and --sysctl as HostConfig checks them, with dockerd's (and runc's) wording. */
class ContainerOptionsTest {

    private static HostConfig with(String networkMode, long shmSize, List<Ulimit> ulimits, Map<String, String> sysctls) {
        return HostConfig.builder().networkMode(networkMode).shmSize(shmSize).ulimits(ulimits).sysctls(sysctls)
                .build();
    }

    @Test
    void shmSize_zeroIsDockersDefault_negativeRefused() {
        assertThat(HostConfig.defaults().effectiveShmSize()).isEqualTo(64L * 1024 * 1024);
        assertThat(with(null, 1 << 27, null, null).effectiveShmSize()).isEqualTo(1 << 27);
        assertThatThrownBy(() -> with(null, -1, null, null)).hasMessage("SHM size can not be less than 0");
    }

    @Test
    void ulimit_unknownNameOrSoftAboveHard_goUnitsMessages() {
        assertThatThrownBy(() -> new Ulimit("files", 1, 2)).hasMessage("invalid ulimit type: files");
        assertThatThrownBy(() -> new Ulimit("nofile", 20, 10))
                .hasMessage("ulimit soft limit must be less than or equal to hard limit: 20 > 10");
        assertThat(new Ulimit("core", 0, -1).hard()).as("-1 is unlimited, above any soft limit").isEqualTo(-1);
        assertThatThrownBy(() -> new Ulimit("core", -1, 10)).hasMessageContaining("-1 > 10");
    }

    @Test
    void sysctl_namespacedOnly_netNotWithHostNetwork() {
        var ok = Map.of("kernel.shmmax", "1", "kernel.msgmax", "2", "kernel.sem", "1 2 3 4", "fs.mqueue.msg_max", "9",
                "net.ipv4.ip_forward", "1");
        assertThat(with("bridge", 0, null, ok).sysctls()).isEqualTo(ok);
        assertThatThrownBy(() -> with("bridge", 0, null, Map.of("kernel.pid_max", "9")))
                .hasMessage("sysctl \"kernel.pid_max\" is not in a separate kernel namespace");
        assertThatThrownBy(() -> with("bridge", 0, null, Map.of("vm.swappiness", "1")))
                .hasMessage("sysctl \"vm.swappiness\" is not in a separate kernel namespace");
        assertThatThrownBy(() -> with("host", 0, null, Map.of("net.ipv4.ip_forward", "1")))
                .hasMessage("sysctl \"net.ipv4.ip_forward\" is not allowed in the hosts network namespace");
        assertThat(with("host", 0, null, Map.of("kernel.shmmax", "1")).sysctls()).containsKey("kernel.shmmax");
    }

    private static HostConfig limits(long nanoCpus, long quota, long period, long memory, long reservation, int oom) {
        return HostConfig.builder().memory(memory).nanoCpus(nanoCpus).cpuQuota(quota).cpuPeriod(period)
                .memoryReservation(reservation).oomScoreAdj(oom).build();
    }

    @Test
    void cpuQuotaPeriod_reservation_oomScore_dockerdsChecks() {
        assertThat(limits(0, 50_000, 100_000, 0, 0, 0).cpuQuota()).isEqualTo(50_000);
        assertThatThrownBy(() -> limits(0, 0, 999, 0, 0, 0))
                .hasMessage("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)");
        assertThatThrownBy(() -> limits(0, 999, 0, 0, 0, 0))
                .hasMessage("CPU cfs quota can not be less than 1ms (i.e. 1000)");
        assertThatThrownBy(() -> limits(500_000_000, 50_000, 0, 0, 0, 0))
                .hasMessage("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
        assertThatThrownBy(() -> limits(500_000_000, 0, 100_000, 0, 0, 0))
                .hasMessage("Conflicting options: Nano CPUs and CPU Period cannot both be set");
        assertThatThrownBy(() -> limits(0, 0, 0, 64L << 20, 128L << 20, 0))
                .hasMessage("Minimum memory limit can not be less than memory reservation limit, see usage");
        assertThatThrownBy(() -> limits(0, 0, 0, 0, 1 << 20, 0)).hasMessage("Minimum memory reservation allowed is 6MB");
        assertThatThrownBy(() -> limits(0, 0, 0, 0, 0, 1001))
                .hasMessage("Invalid value 1001, range for oom score adj is [-1000, 1000]");
        assertThat(limits(0, 0, 0, 0, 0, -1000).oomScoreAdj()).isEqualTo(-1000);
    }

    private static HostConfig ns(String ipc, String pid, String uts, Map<String, String> sysctls) {
        return HostConfig.builder().sysctls(sysctls).ipcMode(ipc).pidMode(pid).utsMode(uts).build();
    }

    @Test
    void namespaces_hostPrivateShareableNoneContainer() {
        HostConfig d = HostConfig.defaults();
        assertThat(List.of(d.ipcMode(), d.pidMode(), d.utsMode())).containsExactly("private", "", "");
        HostConfig h = ns("host", "host", "host", null);
        assertThat(List.of(h.ipcMode(), h.pidMode(), h.utsMode())).containsExactly("host", "host", "host");
        assertThat(ns("shareable", null, null, null).ipcMode()).isEqualTo("shareable");
        assertThat(ns("container:web", "container:db", null, null).pidMode()).isEqualTo("container:db");
        assertThat(ns("none", null, null, null).ipcMode()).isEqualTo("none");
        assertThatThrownBy(() -> ns("container:", null, null, null)).hasMessage("invalid IPC mode: container:");
        assertThatThrownBy(() -> ns(null, "container:", null, null)).hasMessage("invalid PID mode: container:");
        assertThatThrownBy(() -> ns("bogus", null, null, null)).hasMessage("invalid IPC mode: bogus");
        assertThatThrownBy(() -> ns(null, "bogus", null, null)).hasMessage("invalid PID mode: bogus");
        assertThatThrownBy(() -> ns(null, null, "bogus", null)).hasMessage("invalid UTS mode: bogus");
        assertThatThrownBy(() -> ns("host", null, null, Map.of("kernel.shmmax", "1")))
                .hasMessage("sysctl \"kernel.shmmax\" is not allowed in the hosts ipc namespace");
    }
}
