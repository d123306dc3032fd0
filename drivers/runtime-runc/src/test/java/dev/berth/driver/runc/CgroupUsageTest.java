package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ResourceUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Samples from cgroup and /proc files as the kernel writes them (copied from a v1 and a v2 host). */
class CgroupUsageTest {
    private static final String ID = "abc123";
    private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path root;

    private Path proc() throws IOException {
        Path proc = root.resolve("proc");
        write(proc.resolve("stat"), """
                cpu  1000 20 300 50000 40 0 10 0 0 0
                cpu0 500 10 150 25000 20 0 5 0 0 0
                cpu1 500 10 150 25000 20 0 5 0 0 0
                intr 12345
                ctxt 999
                """);
        write(proc.resolve("meminfo"), """
                MemTotal:        4030000 kB
                MemFree:         1000000 kB
                """);
        write(proc.resolve("4242/net/dev"), """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:     100       1    0    0    0     0          0         0      100       1    0    0    0     0       0          0
                  eth0:    5000      40    1    2    0     0          0         0     3000      30    3    4    0     0       0          0
                """);
        return proc;
    }

    @Test
    void read_v1Files_cpuMemoryPidsNetworkAndBlkioInDockersUnits() throws IOException {
        Path cg = root.resolve("cgroup");
        Path cpuacct = cg.resolve("cpuacct/berth").resolve(ID);
        write(cpuacct.resolve("cpuacct.usage"), "123456789\n");
        write(cpuacct.resolve("cpuacct.usage_percpu"), "100000000 23456789 \n");
        write(cpuacct.resolve("cpuacct.stat"), "user 7\nsystem 3\n");
        write(cg.resolve("cpu/berth").resolve(ID).resolve("cpu.stat"), "nr_periods 10\nnr_throttled 2\nthrottled_time 5000\n");
        Path mem = cg.resolve("memory/berth").resolve(ID);
        write(mem.resolve("memory.usage_in_bytes"), "10485760\n");
        write(mem.resolve("memory.max_usage_in_bytes"), "20971520\n");
        write(mem.resolve("memory.limit_in_bytes"), "67108864\n");
        write(mem.resolve("memory.failcnt"), "0\n");
        write(mem.resolve("memory.stat"), "cache 4096\nrss 8192\ntotal_inactive_file 2097152\n");
        Path pids = cg.resolve("pids/berth").resolve(ID);
        write(pids.resolve("pids.current"), "3\n");
        write(pids.resolve("pids.max"), "max\n");
        write(cg.resolve("blkio/berth").resolve(ID).resolve("blkio.throttle.io_service_bytes_recursive"),
                "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\nTotal 12288\n");

        ResourceUsage u = new CgroupUsage(cg, "/berth", false, proc(), CLOCK).read(ID, 4242);

        assertThat(u.read()).isEqualTo(NOW);
        assertThat(u.cpu().total()).isEqualTo(123456789L);
        assertThat(u.cpu().perCpu()).containsExactly(100000000L, 23456789L);
        assertThat(u.cpu().user()).isEqualTo(70_000_000L);
        assertThat(u.cpu().system()).isEqualTo(30_000_000L);
        // user+nice+system+idle+iowait+irq+softirq ticks, in nanoseconds
        assertThat(u.cpu().host()).isEqualTo((1000 + 20 + 300 + 50000 + 40 + 0 + 10) * 10_000_000L);
        assertThat(u.cpu().onlineCpus()).isEqualTo(2);
        assertThat(u.cpu().throttledPeriods()).isEqualTo(2);
        assertThat(u.memory().usage()).isEqualTo(10485760L);
        assertThat(u.memory().maxUsage()).isEqualTo(20971520L);
        assertThat(u.memory().limit()).isEqualTo(67108864L);
        assertThat(u.memory().stats()).containsEntry("total_inactive_file", 2097152L).containsEntry("cache", 4096L);
        assertThat(u.pids()).isEqualTo(new ResourceUsage.Pids(3, 0));
        assertThat(u.networks()).containsOnlyKeys("eth0");
        assertThat(u.networks().get("eth0")).isEqualTo(new ResourceUsage.NetworkIo(5000, 40, 1, 2, 3000, 30, 3, 4));
        assertThat(u.blockIo()).containsExactly(new ResourceUsage.BlockIo(8, 0, "Read", 4096),
                new ResourceUsage.BlockIo(8, 0, "Write", 8192), new ResourceUsage.BlockIo(8, 0, "Sync", 0));
    }

    @Test
    void read_v1Unlimited_limitIsTheHostsMemory() throws IOException {
        Path cg = root.resolve("cgroup");
        Path mem = cg.resolve("memory/berth").resolve(ID);
        write(mem.resolve("memory.usage_in_bytes"), "1048576\n");
        write(mem.resolve("memory.limit_in_bytes"), "9223372036854771712\n");
        Files.createDirectories(cg.resolve("cpuacct/berth").resolve(ID));
        Files.createDirectories(cg.resolve("pids/berth").resolve(ID));

        ResourceUsage u = new CgroupUsage(cg, "berth", false, proc(), CLOCK).read(ID, 4242);

        assertThat(u.memory().limit()).isEqualTo(4030000L * 1024);
        assertThat(u.cpu().total()).isZero();
    }

    @Test
    void read_v2Files_unifiedDirectoryInDockersUnits() throws IOException {
        Path cg = root.resolve("cgroup");
        Path dir = cg.resolve("berth").resolve(ID);
        write(dir.resolve("cpu.stat"), "usage_usec 2500\nuser_usec 1500\nsystem_usec 1000\nnr_periods 4\nnr_throttled 1\nthrottled_usec 7\n");
        write(dir.resolve("memory.current"), "5242880\n");
        write(dir.resolve("memory.max"), "max\n");
        write(dir.resolve("memory.stat"), "anon 4096\nfile 8192\ninactive_file 1024\n");
        write(dir.resolve("pids.current"), "2\n");
        write(dir.resolve("pids.max"), "100\n");
        write(dir.resolve("io.stat"), "8:0 rbytes=4096 wbytes=512 rios=1 wios=1 dbytes=0 dios=0\n");

        ResourceUsage u = new CgroupUsage(cg, "/berth", true, proc(), CLOCK).read(ID, 4242);

        assertThat(u.cpu().total()).isEqualTo(2_500_000L);
        assertThat(u.cpu().user()).isEqualTo(1_500_000L);
        assertThat(u.cpu().perCpu()).isEmpty();
        assertThat(u.cpu().throttledTime()).isEqualTo(7_000L);
        assertThat(u.memory().usage()).isEqualTo(5242880L);
        assertThat(u.memory().limit()).isEqualTo(4030000L * 1024);
        assertThat(u.memory().stats()).containsEntry("inactive_file", 1024L);
        assertThat(u.pids()).isEqualTo(new ResourceUsage.Pids(2, 100));
        assertThat(u.blockIo()).containsExactly(new ResourceUsage.BlockIo(8, 0, "read", 4096),
                new ResourceUsage.BlockIo(8, 0, "write", 512));
    }

    @Test
    void read_cgroupGone_conflictNotRunning() throws IOException {
        Path cg = root.resolve("cgroup");
        assertThatThrownBy(() -> new CgroupUsage(cg, "berth", true, proc(), CLOCK).read(ID, 4242))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                    assertThat(e.getMessage()).isEqualTo("container " + ID + " is not running");
                });
    }

    @Test
    void flags_wholeSet_liftsWhatIsZeroAndPinsSwap() {
        var r = new ContainerSpec.Resources(64L << 20, 0, 1_500_000_000L, 512, 0);
        assertThat(RuncControl.flags(r, true)).containsExactly("--memory=67108864", "--memory-swap=134217728",
                "--cpu-share=512", "--cpu-period=100000", "--cpu-quota=150000", "--pids-limit=-1");
        assertThat(RuncControl.flags(r, false)).doesNotContain("--memory-swap=134217728");
        var none = new ContainerSpec.Resources(0, 0, 0, 0, 50);
        assertThat(RuncControl.flags(none, true)).isEqualTo(List.of("--cpu-quota=-1", "--pids-limit=50"));
        var cpuset = new ContainerSpec.Resources(0, 0, 0, 0, 0, "0-1", "0");
        assertThat(RuncControl.flags(cpuset, true)).endsWith("--cpuset-cpus=0-1", "--cpuset-mems=0");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
