package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.CliContext;
import dev.berth.cli.FakeDaemon;
import dev.berth.cli.Main;
import dev.berth.cli.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** berth pause/unpause/top/update/stats: what they send and how they print what comes back. */
class ControlCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int berth(FakeDaemon d, String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("DOCKER_HOST", d.host(), "DOCKER_CONFIG", dir.resolve("env-config").toString()));
        return Main.run(args, ctx);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void update_sendsOnlyTheFlagsGiven_printsTheName() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{\"Warnings\":[]}"))) {
            assertThat(berth(d, "update", "-m", "100m", "--cpus", "1.5", "--pids-limit", "-1", "--restart",
                    "on-failure:3", "web")).isZero();
            var req = d.requests.get(d.requests.size() - 1);
            assertThat(req.target()).endsWith("/containers/web/update");
            Map<String, Object> body = Json.map(Json.parse(new String(req.body(), StandardCharsets.UTF_8)));
            assertThat(body).containsOnlyKeys("Memory", "NanoCpus", "PidsLimit", "RestartPolicy");
            assertThat(Json.num(body, "Memory")).isEqualTo(100L * 1024 * 1024);
            assertThat(Json.num(body, "NanoCpus")).isEqualTo(1_500_000_000L);
            assertThat(Json.num(body, "PidsLimit")).isEqualTo(-1);
            assertThat(Json.str(body, "RestartPolicy", "Name")).isEqualTo("on-failure");
            assertThat(out()).isEqualTo("web\n");
        }
    }

    @Test
    void run_cpusets_inTheCreateBody() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(r.target().contains("/create") ? 201 : 200,
                "{\"Id\":\"abc\",\"Warnings\":[]}"))) {
            berth(d, "create", "--cpuset-cpus", "0-1", "--cpuset-mems", "0", "busybox");
            var create = d.requests.stream().filter(r -> r.target().contains("/containers/create")).findFirst().orElseThrow();
            Map<String, Object> body = Json.map(Json.parse(new String(create.body(), StandardCharsets.UTF_8)));
            assertThat(Json.str(body, "HostConfig", "CpusetCpus")).isEqualTo("0-1");
            assertThat(Json.str(body, "HostConfig", "CpusetMems")).isEqualTo("0");
        }
    }

    @Test
    void run_init_sentOnlyWhenGiven() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(r.target().contains("/create") ? 201 : 200,
                "{\"Id\":\"abc\",\"Warnings\":[]}"))) {
            berth(d, "create", "--init", "busybox");
            berth(d, "create", "busybox");
            var creates = d.requests.stream().filter(r -> r.target().contains("/containers/create"))
                    .map(r -> Json.map(Json.parse(new String(r.body(), StandardCharsets.UTF_8)))).toList();
            assertThat(creates).hasSize(2);
            assertThat(((Map<?, ?>) creates.get(0).get("HostConfig")).get("Init")).isEqualTo(true);
            assertThat(((Map<?, ?>) creates.get(1).get("HostConfig")).containsKey("Init")).isFalse();
        }
    }

    @Test
    void run_shmSizeUlimitSysctl_inTheCreateBody() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(r.target().contains("/create") ? 201 : 200,
                "{\"Id\":\"abc\",\"Warnings\":[]}"))) {
            berth(d, "create", "--shm-size", "128m", "--ulimit", "nofile=100:200", "--ulimit", "nproc=50",
                    "--sysctl", "net.ipv4.ip_forward=1", "busybox");
            var create = d.requests.stream().filter(r -> r.target().contains("/containers/create")).findFirst().orElseThrow();
            Map<?, ?> h = (Map<?, ?>) Json.map(Json.parse(new String(create.body(), StandardCharsets.UTF_8))).get("HostConfig");
            assertThat(((Number) h.get("ShmSize")).longValue()).isEqualTo(128L * 1024 * 1024);
            assertThat(h.get("Ulimits").toString()).isEqualTo("[{Name=nofile, Hard=200, Soft=100}, {Name=nproc, Hard=50, Soft=50}]");
            assertThat(h.get("Sysctls").toString()).isEqualTo("{net.ipv4.ip_forward=1}");
        }
    }

    @Test
    void run_logDriverAndOpts_inTheCreateBody_noneTakesNoOptions() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(r.target().contains("/create") ? 201 : 200,
                "{\"Id\":\"abc\",\"Warnings\":[]}"))) {
            berth(d, "create", "--log-driver", "local", "--log-opt", "max-size=10k", "--log-opt", "max-file=3", "busybox");
            var create = d.requests.stream().filter(r -> r.target().contains("/containers/create")).findFirst().orElseThrow();
            Map<?, ?> h = (Map<?, ?>) Json.map(Json.parse(new String(create.body(), StandardCharsets.UTF_8))).get("HostConfig");
            assertThat(h.get("LogConfig").toString()).isEqualTo("{Type=local, Config={max-size=10k, max-file=3}}");
            int before = d.requests.size();
            assertThat(berth(d, "create", "--log-driver", "none", "--log-opt", "max-size=1k", "busybox")).isNotZero();
            assertThat(d.requests.subList(before, d.requests.size()))
                    .noneSatisfy(r -> assertThat(r.target()).contains("/containers/create"));
        }
    }

    @Test
    void run_deviceAndCgroupRule_asTheDockerCliSendsThem() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(r.target().contains("/create") ? 201 : 200,
                "{\"Id\":\"abc\",\"Warnings\":[]}"))) {
            berth(d, "create", "--device", "/dev/fuse", "--device", "/dev/sda:/dev/xvda:r", "--device", "/dev/null:rw",
                    "--device-cgroup-rule", "c 42:* rmw", "busybox");
            var create = d.requests.stream().filter(r -> r.target().contains("/containers/create")).findFirst().orElseThrow();
            Map<?, ?> h = (Map<?, ?>) Json.map(Json.parse(new String(create.body(), StandardCharsets.UTF_8))).get("HostConfig");
            assertThat(h.get("Devices").toString()).isEqualTo("[{PathOnHost=/dev/fuse, PathInContainer=/dev/fuse, "
                    + "CgroupPermissions=rwm}, {PathOnHost=/dev/sda, PathInContainer=/dev/xvda, CgroupPermissions=r}, "
                    + "{PathOnHost=/dev/null, PathInContainer=/dev/null, CgroupPermissions=rw}]");
            assertThat(h.get("DeviceCgroupRules").toString()).isEqualTo("[c 42:* rmw]");
            assertThat(berth(d, "create", "--device-cgroup-rule", "c 42 rmw", "busybox")).isNotZero();
            d.requests.clear();
            berth(d, "create", "--blkio-weight", "300", "--blkio-weight-device", "/dev/sda:200", "--device-read-bps",
                    "/dev/sda:1mb", "--device-write-iops", "/dev/sda:30", "busybox");
            var blkio = d.requests.stream().filter(r -> r.target().contains("/containers/create")).findFirst().orElseThrow();
            Map<?, ?> b = (Map<?, ?>) Json.map(Json.parse(new String(blkio.body(), StandardCharsets.UTF_8))).get("HostConfig");
            assertThat(b.get("BlkioWeight").toString()).isEqualTo("300");
            assertThat(b.get("BlkioWeightDevice").toString()).isEqualTo("[{Path=/dev/sda, Weight=200}]");
            assertThat(b.get("BlkioDeviceReadBps").toString()).isEqualTo("[{Path=/dev/sda, Rate=1048576}]");
            assertThat(b.get("BlkioDeviceWriteIOps").toString()).isEqualTo("[{Path=/dev/sda, Rate=30}]");
            assertThat(berth(d, "create", "--blkio-weight-device", "/dev/sda:5", "busybox")).isNotZero();
            assertThat(berth(d, "create", "--device-read-bps", "/dev/sda:-1", "busybox")).isNotZero();
            assertThat(berth(d, "create", "--device", "dev/fuse", "busybox")).isNotZero();
        }
    }

    @Test
    void update_noFlags_usageError() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200, "{}"))) {
            assertThat(berth(d, "update", "web")).isNotZero();
            assertThat(d.requests).noneSatisfy(r -> assertThat(r.target()).contains("/update"));
        }
    }

    @Test
    void pauseUnpause_postEachContainer() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(204, ""))) {
            assertThat(berth(d, "pause", "a", "b")).isZero();
            assertThat(berth(d, "unpause", "a")).isZero();
            assertThat(d.requests).extracting(FakeDaemon.Request::target)
                    .anySatisfy(t -> assertThat(t).endsWith("/containers/a/pause"))
                    .anySatisfy(t -> assertThat(t).endsWith("/containers/b/pause"))
                    .anySatisfy(t -> assertThat(t).endsWith("/containers/a/unpause"));
            assertThat(out()).isEqualTo("a\nb\na\n");
        }
    }

    @Test
    void top_psArgsJoined_tablePrinted() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> FakeDaemon.json(200,
                "{\"Titles\":[\"PID\",\"COMMAND\"],\"Processes\":[[\"4242\",\"sleep\"]]}"))) {
            assertThat(berth(d, "top", "web", "-o", "pid,comm")).isZero();
            assertThat(d.requests.get(d.requests.size() - 1).target()).contains("/containers/web/top?ps_args=-o%20pid%2Ccomm");
            assertThat(out()).contains("PID").contains("4242").contains("sleep");
        }
    }

    @Test
    void statsRow_cpuAndMemoryAsTheDockerCliComputesThem() {
        Map<String, Object> s = Json.map(Json.parse("""
                {"id":"0123456789abcdef","name":"/web",
                 "cpu_stats":{"cpu_usage":{"total_usage":1500000000},"system_cpu_usage":102000000000,"online_cpus":2},
                 "precpu_stats":{"cpu_usage":{"total_usage":1000000000},"system_cpu_usage":100000000000},
                 "memory_stats":{"usage":10485760,"limit":67108864,"stats":{"total_inactive_file":2097152}},
                 "pids_stats":{"current":3},
                 "networks":{"eth0":{"rx_bytes":1500,"tx_bytes":2000}},
                 "blkio_stats":{"io_service_bytes_recursive":[{"op":"Read","value":4096},{"op":"Write","value":0}]}}"""));
        var row = StatsCommand.row("web", s, true).fields();
        assertThat(row).containsEntry("ID", "0123456789ab").containsEntry("Name", "web")
                .containsEntry("CPUPerc", "50.00%").containsEntry("MemUsage", "8MiB / 64MiB")
                .containsEntry("MemPerc", "12.50%").containsEntry("NetIO", "1.5kB / 2kB")
                .containsEntry("BlockIO", "4.1kB / 0B").containsEntry("PIDs", "3");
    }
}
