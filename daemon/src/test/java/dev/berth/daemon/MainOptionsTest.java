package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.persistence.container.LogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainOptionsTest {
    @TempDir
    Path tmp;

    private DaemonOptions parse(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.options();
    }

    /** berthd run as a user would, its stderr and exit code (the options only parsed: the call fails before a start). */
    private record Run(int exit, String err) {}

    private Run run(String... args) {
        CommandLine cl = Main.commandLine();
        var err = new java.io.StringWriter();
        cl.setErr(new java.io.PrintWriter(err));
        cl.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        int exit = cl.execute(DockerdFlags.strip(args, Main.flagNames(cl)));
        return new Run(exit, err.toString());
    }

    @Test
    void dockerdFlags_askingForWhatBerthDoes_dropped_othersRefusedByName_daemonJsonOnesPointedThere() throws Exception {
        String[] kept = DockerdFlags.strip(new String[] {"--live-restore", "--iptables=true", "--storage-driver",
                "overlay2", "--userland-proxy=false", "--ip6tables", "-H", "unix:///x.sock", "--bip", "10.1.0.1/24"},
                Main.flagNames(Main.commandLine()));
        assertThat(kept).containsExactly("-H", "unix:///x.sock", "--bip", "10.1.0.1/24");
        // asked otherwise: kept, and refused naming the flag (exit 2, as picocli's usage errors)
        assertThat(DockerdFlags.strip(new String[] {"--userland-proxy=true", "--storage-driver", "zfs"},
                Main.flagNames(Main.commandLine()))).containsExactly("--userland-proxy=true", "--storage-driver", "zfs");
        Run proxy = run("--userland-proxy=true");
        assertThat(proxy.exit()).isEqualTo(2);
        assertThat(proxy.err()).isEqualTo("berthd: --userland-proxy (dockerd's userland-proxy) is not supported by "
                + "Berth yet\n");
        assertThat(run("--exec-opt", "native.cgroupdriver=systemd").err())
                .startsWith("berthd: --exec-opt (dockerd's exec-opts) is not supported by Berth yet");
        assertThat(run("--insecure-registry", "10.0.0.1:5000").err()).isEqualTo("berthd: --insecure-registry is not a "
                + "berthd flag: set \"insecure-registries\" in daemon.json (--config-file)\n");
        // what is neither: picocli's own words
        assertThat(run("--no-such-thing").err()).startsWith("Unknown option: '--no-such-thing'");
    }

    @Test
    void options_noFlagsNoFile_dockerdStyleDefaults() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        DaemonOptions o = parse("--config-file", file.toString());
        assertThat(o.hosts()).containsExactly("unix:///run/berth/berth.sock");
        assertThat(o.dataRoot()).isEqualTo(Path.of("/var/lib/berth"));
        assertThat(o.execRoot()).isEqualTo(Path.of("/run/berth"));
        assertThat(o.pidfile()).isEqualTo(Path.of("/run/berth/berthd.pid"));
        assertThat(o.logLevel()).isEqualTo("info");
        assertThat(o.runtime()).isEqualTo("runc");
        assertThat(o.pluginDir()).isEqualTo(Path.of("/var/lib/berth/plugins"));
        assertThat(o.bridge()).isEqualTo("berth0");
        assertThat(o.bip()).isNull();
        assertThat(o.pools()).isEmpty();
        assertThat(o.maxConcurrentDownloads()).isEqualTo(3);
        assertThat(o.maxConcurrentUploads()).isEqualTo(5);
        assertThat(o.driverOptions()).isEmpty();
        assertThat(o.socketGroup()).isEqualTo("berth");
    }

    @Test
    void options_plainTcpOffLoopback_isRefusedSayingHowToUseTls_loopbackIsAllowed() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "-H", "tcp://0.0.0.0:2375"))
                .hasMessageContaining("refusing to listen on tcp://0.0.0.0:2375 without TLS")
                .hasMessageContaining("--tlsverify with --tlscacert, --tlscert and --tlskey");
        assertThat(parse("--config-file", file.toString(), "-H", "tcp://127.0.0.1:2375").tls()).isNull();
        assertThat(parse("--config-file", file.toString(), "-H", "tcp://localhost:2375").tls()).isNull();
    }

    @Test
    void options_tlsverify_impliesTls_filesFromFlagsOrFile() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        var tls = parse("--config-file", file.toString(), "-H", "tcp://0.0.0.0:2376", "--tlsverify",
                "--tlscacert", "/etc/b/ca.pem", "--tlscert", "/etc/b/cert.pem", "--tlskey", "/etc/b/key.pem").tls();
        assertThat(tls.verify()).isTrue();
        assertThat(tls.caCert()).isEqualTo(Path.of("/etc/b/ca.pem"));
        assertThat(tls.cert()).isEqualTo(Path.of("/etc/b/cert.pem"));
        assertThat(tls.key()).isEqualTo(Path.of("/etc/b/key.pem"));
        Files.writeString(file, "{\"tls\": true, \"tlscert\": \"/c.pem\", \"tlskey\": \"/k.pem\"}");
        var serverOnly = parse("--config-file", file.toString(), "-H", "tcp://0.0.0.0:2376").tls();
        assertThat(serverOnly.verify()).isFalse();
        assertThat(serverOnly.cert()).isEqualTo(Path.of("/c.pem"));
        Files.writeString(file, "{\"tls\": false, \"tlsverify\": false}");
        assertThat(parse("--config-file", file.toString()).tls()).isNull();
    }

    @Test
    void options_bridgeNone_dockerdsNoDefaultBridge_isRefused_notADeviceNamedNone() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        assertThat(parse("--config-file", file.toString(), "--bridge", "br-own").bridge()).isEqualTo("br-own");
        assertThat(parse("--config-file", file.toString()).bridge()).isEqualTo("berth0");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "-b", "none"))
                .hasMessageStartingWith("--bridge none (no default bridge network) is not supported by Berth");
        Files.writeString(file, "{\"bridge\": \"none\"}");
        assertThatThrownBy(() -> parse("--config-file", file.toString()))
                .hasMessageStartingWith("--bridge none (no default bridge network) is not supported by Berth");
    }

    @Test
    void options_defaultAddressPoolFlags_asDockerdReadsThem_checkedBeforeTheDaemonStarts() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        String config = file.toString();
        assertThat(parse("--config-file", config, "--default-address-pool", "base=10.240.0.0/16,size=24",
                "--default-address-pool", "size=28,base=10.241.0.0/24").pools())
                .containsExactly(new dev.berth.actors.network.SubnetPools.Pool("10.240.0.0/16", 24),
                        new dev.berth.actors.network.SubnetPools.Pool("10.241.0.0/24", 28));
        assertThatThrownBy(() -> parse("--config-file", config, "--default-address-pool", "nonsense"))
                .hasMessage("invalid argument \"nonsense\" for \"--default-address-pool\" flag: "
                        + "invalid field 'nonsense' must be a key=value pair");
        assertThatThrownBy(() -> parse("--config-file", config, "--default-address-pool", "base=10.0.0.0/8,size=x"))
                .hasMessage("invalid argument \"base=10.0.0.0/8,size=x\" for \"--default-address-pool\" flag: "
                        + "invalid size value: \"x\" (must be integer)");
        assertThatThrownBy(() -> parse("--config-file", config, "--default-address-pool", "foo=1"))
                .hasMessageEndingWith("unexpected key 'foo' in 'foo=1'");
        assertThatThrownBy(() -> parse("--config-file", config, "--default-address-pool", "base=10.0.0.0/16,size=8"))
                .hasMessage("invalid default address pool 10.0.0.0/16: size 8 must be between its prefix length (16) and 32");
        assertThatThrownBy(() -> parse("--config-file", config, "--default-address-pool", "base=ten,size=24"))
                .hasMessage("invalid default address pool: base \"ten\" is not an IPv4 CIDR block");
        Files.writeString(file, "{\"default-address-pools\": [{\"base\": \"10.10.0.0/16\", \"size\": 24}]}");
        assertThatThrownBy(() -> parse("--config-file", config, "--default-address-pool", "base=10.11.0.0/16,size=24"))
                .hasMessageStartingWith("the following directives are specified both as a flag and in the "
                        + "configuration file: default-address-pools:");
    }

    @Test
    void options_metricsAddrFlagOrFile_bothIsAConflict() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        assertThat(parse("--config-file", file.toString()).metricsAddr()).isNull();
        assertThat(parse("--config-file", file.toString(), "--metrics-addr", "127.0.0.1:9323").metricsAddr())
                .isEqualTo("127.0.0.1:9323");
        Files.writeString(file, "{\"metrics-addr\": \"127.0.0.1:9324\"}");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "--metrics-addr", "127.0.0.1:9323"))
                .hasMessageContaining("metrics-addr: (from flag: 127.0.0.1:9323, from file: 127.0.0.1:9324)");
    }

    @Test
    void options_groupFlagOrFile_namesTheSocketGroup_bothIsAConflict() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        assertThat(parse("--config-file", file.toString(), "-G", "docker").socketGroup()).isEqualTo("docker");
        Files.writeString(file, "{\"group\": \"ops\"}");
        assertThat(parse("--config-file", file.toString()).socketGroup()).isEqualTo("ops");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "--group", "docker"))
                .hasMessageContaining("group: (from flag: docker, from file: ops)");
    }

    @Test
    void options_flags_typedSettings() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        DaemonOptions o = parse("--config-file", file.toString(), "-H", "unix:///tmp/a.sock", "-H",
                "tcp://127.0.0.1:2375", "-b", "br9", "--bip", "10.9.0.1/24", "--plugin-dir", "/opt/plugins", "-D",
                "--default-runtime", "other", "--pidfile", "/tmp/x.pid");
        assertThat(o.hosts()).containsExactly("unix:///tmp/a.sock", "tcp://127.0.0.1:2375");
        assertThat(o.bridge()).isEqualTo("br9");
        assertThat(o.bip()).isEqualTo("10.9.0.1/24");
        assertThat(o.pluginDir()).isEqualTo(Path.of("/opt/plugins"));
        assertThat(o.logLevel()).isEqualTo("debug");
        assertThat(o.runtime()).isEqualTo("other");
        assertThat(o.pidfile()).isEqualTo(Path.of("/tmp/x.pid"));
    }

    @Test
    void options_defaultNetworkOptFlag_driverKeyValue_asDockerdsMapmap() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        DaemonOptions o = parse("--config-file", file.toString(), "--default-network-opt",
                "bridge=com.docker.network.driver.mtu=1400", "--default-network-opt", "bridge=com.docker.network.bridge.enable_icc=false");
        assertThat(o.networkDefaults().networkOpts()).isEqualTo(Map.of("bridge", Map.of(
                "com.docker.network.driver.mtu", "1400", "com.docker.network.bridge.enable_icc", "false")));
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "--default-network-opt", "bridge=mtu"))
                .hasMessageContaining("invalid key value map \"bridge=mtu\"");
    }

    @Test
    void options_logDriverAndLogOptFlags_areTheDefaultLogConfig() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        DaemonOptions o = parse("--config-file", file.toString(), "--log-driver", "local", "--log-opt", "max-size=5m",
                "--log-opt", "max-file=2");
        assertThat(o.logConfig()).isEqualTo(new LogConfig(LogConfig.Driver.LOCAL, Map.of("max-size", "5m", "max-file", "2")));
        assertThat(parse("--config-file", file.toString()).logConfig()).isEqualTo(LogConfig.DEFAULT);
        Files.writeString(file, "{\"log-driver\": \"none\"}");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "--log-driver", "local"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log-driver: (from flag: local, from file: none)");
    }

    @Test
    void options_debugFlagAndDebugInFile_refusedLikeDockerd() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"debug\": true, \"hosts\": [\"unix:///a\", \"unix:///b\"]}");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "-D", "-H", "unix:///c"))
                .hasMessage("the following directives are specified both as a flag and in the configuration file: "
                        + "hosts: (from flag: [unix:///c], from file: [unix:///a unix:///b]), "
                        + "debug: (from flag: true, from file: true)");
    }

    @Test
    void options_badLogLevel_refusedWithDockerdWording() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{}");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "--log-level", "loud"))
                .hasMessage("invalid logging level: loud");
    }

    @Test
    void options_fileKeys_useDockerdNames() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"data-root\": \"/srv/berth\", \"hosts\": [\"tcp://127.0.0.1:2375\"],"
                + " \"log-level\": \"debug\", \"max-concurrent-downloads\": 5}");
        DaemonOptions o = parse("--config-file", file.toString(), "--exec-root", "/run/b2");
        assertThat(o.dataRoot()).isEqualTo(Path.of("/srv/berth"));
        assertThat(o.pluginDir()).as("the default is under the data root").isEqualTo(Path.of("/srv/berth/plugins"));
        assertThat(o.execRoot()).isEqualTo(Path.of("/run/b2"));
        assertThat(o.hosts()).isEqualTo(List.of("tcp://127.0.0.1:2375"));
        assertThat(o.logLevel()).isEqualTo("debug");
        assertThat(o.maxConcurrentDownloads()).isEqualTo(5);
    }

    @Test
    void options_sameKeyAsFlagAndInFile_refusedLikeDockerd() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"data-root\": \"/srv/berth\"}");
        assertThatThrownBy(() -> parse("--config-file", file.toString(), "--data-root", "/other"))
                .hasMessageContaining("specified both as a flag and in the configuration file")
                .hasMessageContaining("data-root");
    }

    @Test
    void options_unknownKeyInFile_refused() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"no-such-thing\": 1}");
        assertThatThrownBy(() -> parse("--config-file", file.toString()))
                .hasMessageContaining("don't match any configuration option: no-such-thing");
    }

    @Test
    void options_explicitMissingFile_refused() {
        assertThatThrownBy(() -> parse("--config-file", tmp.resolve("nope.json").toString()))
                .hasMessageContaining("no such file or directory");
    }

    @Test
    void options_malformedFile_refusedWithReason() throws Exception {
        Path file = tmp.resolve("daemon.json");
        Files.writeString(file, "{\"data-root\": ");
        assertThatThrownBy(() -> parse("--config-file", file.toString()))
                .hasMessageContaining("unable to configure the Docker daemon with file");
    }
}
