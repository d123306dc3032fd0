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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run/create flags added for docker 28 parity: the request fields docker's CLI sends, and its client-side behaviours. */
class RunFlagsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int berth(FakeDaemon d, Map<String, String> env, String... args) {
        Map<String, String> e = new java.util.HashMap<>(env);
        e.put("DOCKER_HOST", d.host());
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), e,
                Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));
        return Main.run(args, ctx);
    }

    private int berth(FakeDaemon d, String... args) {
        return berth(d, Map.of(), args);
    }

    private static FakeDaemon created() throws Exception {
        return new FakeDaemon(r -> FakeDaemon.json(201, "{\"Id\":\"abc\"}"));
    }

    private static Object body(FakeDaemon d) {
        FakeDaemon.Request create = d.requests.stream().filter(r -> r.target().contains("/containers/create"))
                .findFirst().orElseThrow();
        return Json.parse(new String(create.body(), StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void create_resourceAndRuntimeFlags_asTheDockerCliSendsThem() throws Exception {
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "create", "--runtime", "crun", "--memory-swap", "1g", "--memory-swappiness", "10",
                    "--domainname", "ex.com", "--annotation", "a=b", "--annotation", "c", "--userns", "host",
                    "--storage-opt", "size=1G", "--cpu-rt-period", "1000", "--cpu-rt-runtime", "500",
                    "--cpu-count", "2", "--cpu-percent", "30", "--io-maxbandwidth", "1m", "--io-maxiops", "100",
                    "--isolation", "hyperv", "--kernel-memory", "1g", "--link-local-ip", "169.254.1.1",
                    "--disable-content-trust", "-q", "alpine")).isEqualTo(0);
            Object b = body(d);
            assertThat(Json.path(b, "Domainname")).isEqualTo("ex.com");
            assertThat(Json.path(b, "HostConfig", "Runtime")).isEqualTo("crun");
            assertThat(Json.path(b, "HostConfig", "MemorySwap")).isEqualTo(1L << 30);
            assertThat(Json.path(b, "HostConfig", "MemorySwappiness")).isEqualTo(10L);
            assertThat(Json.write(Json.path(b, "HostConfig", "Annotations"))).isEqualTo("{\"a\":\"b\",\"c\":\"\"}");
            assertThat(Json.path(b, "HostConfig", "UsernsMode")).isEqualTo("host");
            assertThat(Json.write(Json.path(b, "HostConfig", "StorageOpt"))).isEqualTo("{\"size\":\"1G\"}");
            assertThat(Json.path(b, "HostConfig", "CpuRealtimePeriod")).isEqualTo(1000L);
            assertThat(Json.path(b, "HostConfig", "CpuRealtimeRuntime")).isEqualTo(500L);
            assertThat(Json.path(b, "HostConfig", "CpuCount")).isEqualTo(2L);
            assertThat(Json.path(b, "HostConfig", "CpuPercent")).isEqualTo(30L);
            assertThat(Json.path(b, "HostConfig", "IOMaximumBandwidth")).isEqualTo(1L << 20);
            assertThat(Json.path(b, "HostConfig", "IOMaximumIOps")).isEqualTo(100L);
            assertThat(Json.path(b, "HostConfig", "Isolation")).isEqualTo("hyperv");
            assertThat(Json.path(b, "HostConfig", "KernelMemory")).isNull();
            assertThat(Json.path(b, "NetworkingConfig", "EndpointsConfig", "default", "IPAMConfig", "LinkLocalIPs"))
                    .isEqualTo(List.of("169.254.1.1"));
        }
    }

    @Test
    void create_linkOnAUserNetwork_isAnEndpointLinkToo_asDockerSendsIt() throws Exception {
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "create", "--network", "backend", "--link", "db:data", "alpine")).isEqualTo(0);
            Object b = body(d);
            assertThat(Json.path(b, "HostConfig", "Links")).isEqualTo(List.of("db:data"));
            assertThat(Json.path(b, "NetworkingConfig", "EndpointsConfig", "backend", "Links")).isEqualTo(List.of("db:data"));
            assertThat(berth(d, "create", "--link", "db:data", "alpine")).isEqualTo(0);
            assertThat(Json.path(body(d), "NetworkingConfig", "EndpointsConfig", "default")).isNull();
        }
    }

    @Test
    void create_memorySwapMinusOne_andSwappinessOutOfRange() throws Exception {
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "create", "--memory-swap", "-1", "alpine")).isEqualTo(0);
            assertThat(Json.path(body(d), "HostConfig", "MemorySwap")).isEqualTo(-1L);
            assertThat(berth(d, "create", "--memory-swappiness", "200", "alpine")).isEqualTo(125);
            assertThat(err()).startsWith("berth: invalid value: 200. Valid memory swappiness range is 0-100\n");
        }
    }

    @Test
    void create_gpus_asDeviceRequests() throws Exception {
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "create", "--gpus", "all", "--gpus", "\"device=1,2\",capabilities=compute", "alpine"))
                    .isEqualTo(0);
            assertThat(Json.write(Json.path(body(d), "HostConfig", "DeviceRequests"))).isEqualTo(
                    "[{\"Driver\":\"\",\"Count\":-1,\"DeviceIDs\":null,\"Capabilities\":[[\"gpu\"]],\"Options\":{}},"
                    + "{\"Driver\":\"\",\"Count\":0,\"DeviceIDs\":[\"1\",\"2\"],\"Capabilities\":[[\"compute\",\"gpu\"]],\"Options\":{}}]");
        }
    }

    @Test
    void create_labelFile_readLikeDockersEnvFile_thenLabelFlags() throws Exception {
        Path file = dir.resolve("labels");
        Files.writeString(file, "a=b\n# comment\n\nFROM_ENV\nUNSET\n  e=f \na=q\n");
        try (FakeDaemon d = created()) {
            assertThat(berth(d, Map.of("FROM_ENV", "v"), "create", "--label-file", file.toString(), "-l", "x=y",
                    "alpine")).isEqualTo(0);
            assertThat(Json.write(Json.path(body(d), "Labels")))
                    .isEqualTo("{\"a\":\"q\",\"FROM_ENV\":\"v\",\"e\":\"f \",\"x\":\"y\"}");
        }
    }

    @Test
    void create_labelFile_keyWithBlanks_refused() throws Exception {
        Path file = dir.resolve("labels");
        Files.writeString(file, "e = f\n");
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "create", "--label-file", file.toString(), "alpine")).isEqualTo(125);
            assertThat(err()).startsWith("berth: invalid env file (" + file + "): variable 'e ' contains whitespaces\n");
            assertThat(d.requests).noneMatch(r -> r.target().contains("/containers/create"));
        }
    }

    @Test
    void create_envFile_readAsTheLabelFile_unsetBareKeysLeftOut_blanksRefused() throws Exception {
        // docker reads --env-file and --label-file alike: a bare key whose variable is unset is dropped
        Path file = dir.resolve("env");
        Files.writeString(file, "\uFEFFA=1\n# c\nFROM_ENV\nUNSET\n  B=2\n");
        try (FakeDaemon d = created()) {
            assertThat(berth(d, Map.of("FROM_ENV", "v"), "create", "--env-file", file.toString(), "-e", "C=3", "alpine"))
                    .isEqualTo(0);
            assertThat(Json.write(Json.path(body(d), "Env"))).isEqualTo("[\"A=1\",\"FROM_ENV=v\",\"B=2\",\"C=3\"]");
        }
        Files.writeString(file, "bad key=1\n");
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "create", "--env-file", file.toString(), "alpine")).isEqualTo(125);
            assertThat(err()).contains("berth: invalid env file (" + file + "): variable 'bad key' contains whitespaces\n");
            assertThat(d.requests).noneMatch(r -> r.target().contains("/containers/create"));
        }
    }

    @Test
    void run_cidfile_writesTheId_andAnExistingFileIsRefusedBeforeCreating() throws Exception {
        Path cid = dir.resolve("cid");
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "run", "-d", "--cidfile", cid.toString(), "alpine")).isEqualTo(0);
            assertThat(Files.readString(cid)).isEqualTo("abc");
            assertThat(Json.path(body(d), "HostConfig", "ContainerIDFile")).isEqualTo(cid.toString());
            d.requests.clear();
            assertThat(berth(d, "run", "-d", "--cidfile", cid.toString(), "alpine")).isEqualTo(125);
            assertThat(err()).startsWith("berth: container ID file found, make sure the other container isn't "
                    + "running or delete " + cid + "\n");
            assertThat(d.requests).noneMatch(r -> r.target().contains("/containers/create"));
        }
    }

    @Test
    void create_attach_namesTheStreams_asDockersCreateBody() throws Exception {
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "create", "-a", "STDOUT", "alpine")).isEqualTo(0);
            Object b = body(d);
            assertThat(Json.path(b, "AttachStdin")).isEqualTo(false);
            assertThat(Json.path(b, "AttachStdout")).isEqualTo(true);
            assertThat(Json.path(b, "AttachStderr")).isEqualTo(false);
            d.requests.clear();
            assertThat(berth(d, "create", "-i", "alpine")).isEqualTo(0);
            b = body(d);
            assertThat(List.of(Json.path(b, "AttachStdin"), Json.path(b, "AttachStdout"), Json.path(b, "AttachStderr"),
                    Json.path(b, "StdinOnce"))).containsOnly(true);
        }
    }

    @Test
    void attach_badStream_isAFlagError_andWithDetachAConflict() throws Exception {
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "create", "-a", "foo", "alpine")).isEqualTo(125);
            assertThat(err()).startsWith("invalid argument \"foo\" for \"-a, --attach\" flag: valid streams are "
                    + "STDIN, STDOUT and STDERR\n\nUsage:  berth create [OPTIONS] IMAGE [COMMAND] [ARG...]\n");
            err.reset();
            assertThat(berth(d, "run", "-d", "-a", "stdout", "alpine")).isEqualTo(1);
            assertThat(err()).isEqualTo("conflicting options: cannot specify both --attach and --detach\n");
        }
    }

    @Test
    void run_attachStdout_detachKeys_onlyThatStreamAndTheKeysInTheAttachQuery() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> {
            if (r.target().contains("/containers/create")) return FakeDaemon.json(201, "{\"Id\":\"abc\"}");
            if (r.target().contains("/wait")) return FakeDaemon.json(200, "{\"StatusCode\":0}");
            if (r.target().contains("/attach")) return FakeDaemon.json(200, "");
            return FakeDaemon.json(204, "");
        })) {
            assertThat(berth(d, "run", "-a", "stdout", "--detach-keys", "ctrl-x,a", "--sig-proxy=false", "alpine"))
                    .isEqualTo(0);
            assertThat(d.requests).anyMatch(r -> r.target().equals(
                    "/v1.50/containers/abc/attach?stream=1&stdout=1&detachKeys=ctrl-x%2Ca"));
        }
    }

    @Test
    void contentTrust_asked_isRefusedByName() throws Exception {
        try (FakeDaemon d = created()) {
            assertThat(berth(d, "run", "--disable-content-trust=false", "alpine")).isEqualTo(125);
            assertThat(err()).startsWith("berth: --disable-content-trust=false (content trust) is not supported by berth yet\n");
            assertThat(d.requests).noneMatch(r -> r.target().contains("/containers/create"));
        }
    }

    @Test
    void exec_detachKeys_inTheExecBody() throws Exception {
        try (FakeDaemon d = new FakeDaemon(r -> r.target().endsWith("/exec")
                ? FakeDaemon.json(201, "{\"Id\":\"e1\"}") : FakeDaemon.json(200, "{}"))) {
            berth(d, "exec", "-d", "--detach-keys", "ctrl-x", "c1", "true");
            FakeDaemon.Request exec = d.requests.stream().filter(r -> r.target().endsWith("/exec")).findFirst().orElseThrow();
            assertThat(Json.path(Json.parse(new String(exec.body(), StandardCharsets.UTF_8)), "DetachKeys")).isEqualTo("ctrl-x");
        }
    }
}
