package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.actors.network.SubnetPools;
import dev.berth.persistence.container.LogConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @TempDir
    Path tmp;

    private DaemonConfig read(String json) throws IOException {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, json);
        return DaemonConfig.read(file, true);
    }

    private String errorOf(String json) throws IOException {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, json);
        try {
            DaemonOptions.from(DaemonConfig.read(file, true));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void read_everyKey_typed() throws Exception {
        DaemonOptions o = DaemonOptions.from(read("""
                {"hosts": ["unix:///tmp/b.sock"], "data-root": "/srv/b", "exec-root": "/run/b", "pidfile": "/run/b.pid",
                 "log-level": "warn", "default-runtime": "runc", "bridge": "br7", "bip": "10.7.0.1/16",
                 "default-address-pools": [{"base": "10.10.0.0/16", "size": 24}],
                 "insecure-registries": ["reg.local:5000"], "registry-mirrors": ["https://mirror.local/"],
                 "max-concurrent-downloads": 7, "max-concurrent-uploads": 2, "cgroup-parent": "mine",
                 "binfmt-misc-dir": "/tmp/binfmt", "plugin-dir": "/opt/berth-plugins", "init": true,
                 "default-ulimits": {"nproc": {"Name": "nproc", "Hard": -1, "Soft": -1},
                                     "nofile": {"Name": "nofile", "Hard": 2048, "Soft": 1024}}}
                """));
        assertThat(o.hosts()).containsExactly("unix:///tmp/b.sock");
        assertThat(o.dataRoot()).isEqualTo(Path.of("/srv/b"));
        assertThat(o.execRoot()).isEqualTo(Path.of("/run/b"));
        assertThat(o.pidfile()).isEqualTo(Path.of("/run/b.pid"));
        assertThat(o.logLevel()).isEqualTo("warn");
        assertThat(o.bridge()).isEqualTo("br7");
        assertThat(o.bip()).isEqualTo("10.7.0.1/16");
        assertThat(o.pools()).containsExactly(new SubnetPools.Pool("10.10.0.0/16", 24));
        assertThat(o.insecureRegistries()).containsExactly("reg.local:5000");
        assertThat(o.registryMirrors()).containsExactly("https://mirror.local/");
        assertThat(o.maxConcurrentDownloads()).isEqualTo(7);
        assertThat(o.maxConcurrentUploads()).isEqualTo(2);
        assertThat(o.pluginDir()).isEqualTo(Path.of("/opt/berth-plugins"));
        assertThat(o.driverOptions())
                .isEqualTo(Map.of("cgroup-parent", "mine", "init", "true", "binfmt-misc-dir", "/tmp/binfmt",
                        "default-ulimits", "nofile=1024:2048,nproc=-1:-1"));
    }

    @Test
    void read_dockerPluginKeys_becomeDriverOptions_aNonPositiveTimeoutIsRefused() throws Exception {
        DaemonOptions o = DaemonOptions.from(read("""
                {"docker-plugin-dirs": ["/tmp/a", "/tmp/b"], "docker-plugin-timeout": 5}"""));
        assertThat(o.driverOptions()).containsEntry("docker-plugin-dirs", "/tmp/a:/tmp/b")
                .containsEntry("docker-plugin-timeout", "5");
        assertThat(DaemonOptions.from(read("{}")).driverOptions()).doesNotContainKeys("docker-plugin-dirs",
                "docker-plugin-timeout");
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"docker-plugin-timeout\": 0}")))
                .hasMessage("docker-plugin-timeout must be a positive number of seconds");
    }

    @Test
    void read_badDefaultUlimit_goUnitsWords() {
        assertThatThrownBy(() -> DaemonOptions.from(read("""
                {"default-ulimits": {"nofile": {"Name": "nofile", "Hard": 10, "Soft": 20}}}""")))
                .hasMessageContaining("ulimit soft limit must be less than or equal to hard limit: 20 > 10");
    }

    @Test
    void read_unknownKeys_refusedWithDockerdWording() throws Exception {
        assertThat(errorOf("{\"no-such-thing\": 1, \"also-not\": true, \"live-restore\": false}"))
                .isEqualTo("unable to configure the Docker daemon with file " + tmp.resolve("daemon.json")
                        + ": the following directives don't match any configuration option: also-not, no-such-thing");
    }

    @Test
    void historyRetention_readFromFileAndChecked_defaultKeepsEverything() throws Exception {
        assertThat(DaemonOptions.from(read("{\"history-retention\": \"720h\"}")).historyRetention().maxAge())
                .isEqualTo(java.time.Duration.ofHours(720));
        assertThat(DaemonOptions.from(read("{}")).historyRetention()).isNull();
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"history-retention\": \"30d\"}")))
                .hasMessageStartingWith("invalid history-retention \"30d\": time: invalid duration");
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"history-retention\": \"0s\"}")))
                .hasMessageStartingWith("invalid history-retention \"0s\": must be longer than 0");
    }

    @Test
    void historyHousekeeping_period_halfTheRetentionBetweenASecondAndAnHour() {
        assertThat(HistoryHousekeeping.period(java.time.Duration.ofSeconds(1))).isEqualTo(java.time.Duration.ofSeconds(1));
        assertThat(HistoryHousekeeping.period(java.time.Duration.ofSeconds(10))).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(HistoryHousekeeping.period(java.time.Duration.ofHours(720))).isEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void metricsAddr_readFromFileAndChecked() throws Exception {
        assertThat(DaemonOptions.from(read("{\"metrics-addr\": \"127.0.0.1:9323\"}")).metricsAddr())
                .isEqualTo("127.0.0.1:9323");
        assertThat(DaemonOptions.from(read("{}")).metricsAddr()).isNull();
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"metrics-addr\": \"127.0.0.1\"}")))
                .hasMessage("metrics-addr 127.0.0.1: missing port in address");
    }

    @Test
    void read_dockerdKeyBerthDoesNotHonour_refusedByName() throws Exception {
        assertThat(errorOf("{\"storage-driver\": \"btrfs\", \"live-restore\": false}"))
                .endsWith(": live-restore is not supported by Berth yet; storage-driver is not supported by Berth yet");
        assertThat(errorOf("{\"userland-proxy\": true}")).endsWith(": userland-proxy is not supported by Berth yet");
        assertThat(errorOf("{\"shutdown-timeout\": 0}")).endsWith(": shutdown-timeout is not supported by Berth yet");
    }

    @Test
    void seccompProfileAndInitPath_givenToTheRuntime_aMissingProfileRefusedWithDockerdsWords() throws Exception {
        DaemonOptions o = DaemonOptions.from(read("{\"seccomp-profile\": \"unconfined\", \"init-path\": \"/opt/tini\"}"));
        assertThat(o.driverOptions()).containsEntry("seccomp-profile", "unconfined").containsEntry("init-path", "/opt/tini");
        assertThat(DaemonOptions.from(read("{\"seccomp-profile\": \"builtin\"}")).driverOptions())
                .doesNotContainKey("seccomp-profile");
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"seccomp-profile\": \"/nowhere/p.json\"}")))
                .hasMessage("opening seccomp profile (/nowhere/p.json) failed: open /nowhere/p.json: no such file or directory");
    }

    @Test
    void defaultIpcAndCgroupnsModes_checkedAsDockerdChecksThem() throws Exception {
        DaemonOptions o = DaemonOptions.from(read("{\"default-ipc-mode\": \"shareable\", \"default-cgroupns-mode\": \"private\"}"));
        assertThat(o.defaultIpcMode()).isEqualTo("shareable");
        assertThat(o.defaultCgroupnsMode()).isEqualTo("private");
        assertThat(DaemonOptions.from(read("{}")).defaultIpcMode()).isNull();
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"default-ipc-mode\": \"host\"}")))
                .hasMessage("IPC mode \"host\" is not supported as default value; use \"shareable\" or \"private\"");
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"default-ipc-mode\": \"bogus\"}")))
                .hasMessage("default IPC mode setting (bogus) is invalid; use \"shareable\" or \"private\"");
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"default-cgroupns-mode\": \"shared\"}")))
                .hasMessage("invalid default cgroup namespace (shared): use \"host\" or \"private\"");
    }

    @Test
    void read_ipv6OfTheDefaultBridge_fixedCidrV6Checked_ip6tablesAsBerthDoes() throws Exception {
        assertThat(DaemonOptions.from(read("{}")).networkDefaults().bridgeIpv6()).isNull();
        assertThat(DaemonOptions.from(read("{\"ipv6\": false}")).networkDefaults().bridgeIpv6()).isNull();
        assertThat(DaemonOptions.from(read("{\"ipv6\": true}")).networkDefaults().bridgeIpv6()).isEmpty();
        DaemonOptions fixed = DaemonOptions.from(read(
                "{\"ipv6\": true, \"fixed-cidr-v6\": \"FD00:B1E7:D::/64\", \"ip\": \"::\", \"ip6tables\": true}"));
        assertThat(fixed.networkDefaults().bridgeIpv6()).isEqualTo("fd00:b1e7:d::/64");
        assertThat(fixed.networkDefaults().defaultBridgeOptions())
                .containsEntry("com.docker.network.bridge.host_binding_ipv4", "::");
        assertThat(errorOf("{\"fixed-cidr-v6\": \"fd00:b1e7:d::/64\"}"))
                .endsWith("fixed-cidr-v6 fd00:b1e7:d::/64 is set, but ipv6 is not: the default bridge has IPv6 only "
                        + "with ipv6 (--ipv6)");
        assertThat(errorOf("{\"ipv6\": true, \"fixed-cidr-v6\": \"fd00:b1e7:d::5/64\"}"))
                .endsWith("invalid fixed-cidr-v6 fd00:b1e7:d::5/64: it should be fd00:b1e7:d::/64");
        assertThat(errorOf("{\"ipv6\": true, \"fixed-cidr-v6\": \"fd00:b1e7:d::\"}"))
                .endsWith("invalid fixed-cidr-v6 fd00:b1e7:d::: a subnet with a prefix length of at most 126");
        assertThat(errorOf("{\"ip\": \"::\"}")).contains("ip ::: an IPv6 address needs ipv6 (--ipv6)");
        assertThat(errorOf("{\"ipv6\": true, \"icc\": false}"))
                .endsWith("icc=false with ipv6 is not supported by Berth yet (bridged IPv6 would need br_netfilter's "
                        + "ip6tables rules)");
        // Berth puts a network's IPv6 rules in ip6tables: asking it not to is asking for what it does not do
        assertThat(errorOf("{\"ip6tables\": false}")).endsWith(": ip6tables is not supported by Berth yet");
    }

    @Test
    void read_dockerdKeysAskingForWhatBerthDoes_accepted() throws Exception {
        DaemonOptions o = DaemonOptions.from(read("""
                {"live-restore": true, "storage-driver": "overlay2", "iptables": true, "ip-masq": true,
                 "experimental": false, "ipv6": false, "dns": [], "labels": [], "log-opts": {}, "log-driver": "",
                 "mtu": 1500, "data-root": "/srv/c"}
                """));
        assertThat(o.dataRoot()).isEqualTo(Path.of("/srv/c"));
    }

    @Test
    void read_featuresAndExecOptsAsBerthDoes_accepted_othersRefused_defaultShmSizeInBytes() throws Exception {
        DaemonOptions o = DaemonOptions.from(read("""
                {"features": {"buildkit": false, "containerd-snapshotter": false},
                 "exec-opts": ["native.cgroupdriver=cgroupfs"], "default-shm-size": "1.5g"}
                """));
        assertThat(o.defaultShmSize()).isEqualTo(1610612736L);
        assertThat(DaemonOptions.from(read("{}")).defaultShmSize()).isZero();
        assertThat(errorOf("{\"features\": {\"buildkit\": true}}")).endsWith(": features is not supported by Berth yet");
        assertThat(errorOf("{\"exec-opts\": [\"native.cgroupdriver=systemd\"]}"))
                .endsWith(": exec-opts is not supported by Berth yet");
        assertThat(DaemonOptions.ramInBytes("64m")).isEqualTo(67108864L);
        assertThat(DaemonOptions.ramInBytes("2GiB")).isEqualTo(2147483648L);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DaemonOptions.ramInBytes("lots")))
                .hasMessage("invalid size: 'lots'");
    }

    @Test
    void read_labels_checkedAsDockerdChecksThem() throws Exception {
        assertThat(DaemonOptions.from(read("{\"labels\": [\"env=prod\", \"rack=7\", \"env=prod\"]}")).labels())
                .containsExactly("env=prod", "rack=7");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DaemonOptions.from(read("{\"labels\": [\"x\"]}"))))
                .hasMessage("bad attribute format: x");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DaemonOptions.from(read(
                "{\"labels\": [\"a=1\", \"a=2\"]}")))).hasMessage("conflict labels for a=2 and a=1");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DaemonOptions.from(read(
                "{\"labels\": [\"com.docker.x=1\"]}")))).hasMessageContaining("are reserved for internal use");
    }

    @Test
    void read_networkDefaults_dnsForContainersAndTheDefaultBridgesOptions() throws Exception {
        DaemonOptions o = DaemonOptions.from(read("""
                {"dns": ["10.0.0.2", "10.0.0.3"], "dns-search": ["corp.example"], "dns-opts": ["ndots:2"],
                 "ip": "127.0.0.1", "mtu": 1450, "ip-masq": false, "icc": false}
                """));
        assertThat(o.networkDefaults().dns(java.util.List.of())).containsExactly("10.0.0.2", "10.0.0.3");
        assertThat(o.networkDefaults().dns(java.util.List.of("9.9.9.9"))).containsExactly("9.9.9.9");
        assertThat(o.networkDefaults().dnsSearch(java.util.List.of())).containsExactly("corp.example");
        assertThat(o.networkDefaults().dnsOptions(java.util.List.of())).containsExactly("ndots:2");
        assertThat(o.networkDefaults().defaultBridgeOptions()).containsOnly(
                java.util.Map.entry("com.docker.network.bridge.host_binding_ipv4", "127.0.0.1"),
                java.util.Map.entry("com.docker.network.driver.mtu", "1450"),
                java.util.Map.entry("com.docker.network.bridge.enable_ip_masquerade", "false"),
                java.util.Map.entry("com.docker.network.bridge.enable_icc", "false"));
        assertThat(DaemonOptions.from(read("{}")).networkDefaults().defaultBridgeOptions()).isEmpty();
        assertThat(DaemonOptions.from(read("{\"default-network-opts\": {\"bridge\": {\"com.docker.network.driver.mtu\": "
                + "\"1400\"}, \"weave\": {\"x\": \"y\"}}}")).networkDefaults().networkOpts()).isEqualTo(java.util.Map.of(
                "bridge", java.util.Map.of("com.docker.network.driver.mtu", "1400"), "weave", java.util.Map.of("x", "y")));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DaemonOptions.from(read(
                "{\"default-network-opts\": {\"bridge\": {\"com.docker.network.bridge.inhibit_ipv4\": \"true\"}}}"))))
                .hasMessage("default-network-opts: bridge option com.docker.network.bridge.inhibit_ipv4 is not supported by Berth yet");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DaemonOptions.from(read("{\"dns\": [\"x\"]}"))))
                .hasMessage("invalid IP address: x");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> DaemonOptions.from(read("{\"mtu\": 20}"))))
                .hasMessageContaining("invalid MTU 20");
    }

    @Test
    void read_wrongType_refusedWithReason() throws Exception {
        assertThat(errorOf("{\"max-concurrent-downloads\": \"many\"}"))
                .startsWith("unable to configure the Docker daemon with file ")
                .contains("many");
        assertThat(errorOf("[1, 2]")).endsWith("the configuration is not a JSON object");
    }

    @Test
    void read_negativeCount_refusedWithDockerdWording() throws Exception {
        assertThat(errorOf("{\"max-concurrent-downloads\": -1}")).isEqualTo("invalid max concurrent downloads: -1");
        assertThat(DaemonOptions.from(read("{\"max-concurrent-uploads\": 0}")).maxConcurrentUploads()).isEqualTo(5);
    }

    @Test
    void read_emptyFile_defaults() throws Exception {
        assertThat(DaemonOptions.from(read("  \n")).hosts()).containsExactly(DaemonOptions.DEFAULT_HOST);
    }

    @Test
    void read_missingDefaultFile_emptyConfiguration() {
        assertThat(DaemonConfig.read(tmp.resolve("absent.json"), false).set()).isEmpty();
    }

    @Test
    void merge_disjoint_flagsAndFileTogether() throws Exception {
        DaemonConfig merged = DaemonConfig.merge(read("{\"bridge\": \"br1\"}"),
                DaemonConfig.fromFlags(Map.of("bip", "10.1.0.1/24")));
        assertThat(merged.bridge()).isEqualTo("br1");
        assertThat(merged.bip()).isEqualTo("10.1.0.1/24");
    }

    @Test
    void logDriverAndOpts_becomeTheDefaultLogConfig_checkedWithDockerdsWords() throws Exception {
        assertThat(DaemonOptions.from(read("{}")).logConfig()).isEqualTo(LogConfig.DEFAULT);
        assertThat(DaemonOptions.from(read("{\"log-driver\": \"local\", \"log-opts\": {\"max-size\": \"1m\"}}"))
                .logConfig()).isEqualTo(new LogConfig(LogConfig.Driver.LOCAL, Map.of("max-size", "1m")));
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"log-driver\": \"nope\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("logger: no log driver named 'nope' is registered");
        assertThatThrownBy(() -> DaemonOptions.from(read("{\"log-opts\": {\"max-file\": \"0\"}}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("max-file cannot be less than 1");
    }

    @Test
    void keys_berthsOwnAndDockerdsTablesNeverOverlap() {
        for (String key : DaemonConfig.KEYS) {
            assertThat(DockerdDirectives.known(key)).as(key).isFalse();
        }
        assertThat(DaemonConfig.KEYS).contains("data-root", "exec-root", "hosts", "pidfile", "log-level", "debug",
                "bridge", "bip", "default-address-pools", "insecure-registries", "registry-mirrors",
                "max-concurrent-downloads", "plugin-dir");
    }
}
