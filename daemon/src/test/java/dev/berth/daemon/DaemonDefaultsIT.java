package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * dockerd's daemon-wide defaults in daemon.json — {@code dns}, {@code dns-search}, {@code dns-opts} for
 * containers that give none, {@code ip}, {@code mtu}, {@code ip-masq} and {@code icc} for the default bridge,
 * {@code default-shm-size} — do what they do under dockerd; the network ones, applied at each start and never
 * journaled, go when the configuration drops them. {@code features} and {@code exec-opts} that name what Berth
 * does anyway are accepted.
 */
@Timeout(value = 240)
class DaemonDefaultsIT {

    @Test
    void dnsIpMtuAndIpMasq_applyToContainersAndTheDefaultBridge_andGoWithTheConfiguration() throws Exception {
        Path script = Path.of(DaemonDefaultsIT.class.getResource("/dns/fixed_answer.py").toURI());
        Process upstream = new ProcessBuilder("python3", script.toString(), "127.0.0.78", "anything.example", "10.1.2.4")
                .redirectErrorStream(true).start();
        try (BerthdProcess d = BerthdProcess.start("{\"dns\": [\"127.0.0.78\"], \"dns-search\": [\"corp.example\"], "
                + "\"dns-opts\": [\"ndots:2\"], \"ip\": \"127.0.0.1\", \"mtu\": 1450, \"ip-masq\": false, \"icc\": false, "
                + "\"default-shm-size\": \"128m\", \"features\": {\"buildkit\": false}, "
                + "\"exec-opts\": [\"native.cgroupdriver=cgroupfs\"], \"labels\": [\"rack=7\", \"env=ci\"], "
                + "\"default-network-opts\": {\"bridge\": {\"com.docker.network.driver.mtu\": \"1400\"}}, "
                + "\"default-ipc-mode\": \"shareable\", \"default-cgroupns-mode\": \"private\"}")) {
            assertThat(new String(upstream.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
            ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));

            assertThat(ok(d.docker("info", "-f", "{{json .Labels}}")).out().strip()).isEqualTo("[\"rack=7\",\"env=ci\"]");

            // default-shm-size: written into a container created without --shm-size, as dockerd does
            String made = ok(d.docker("create", "busybox", "true")).out().strip();
            assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.ShmSize}}", made)).out().strip()).isEqualTo("134217728");
            assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "df", "-k", "/dev/shm")).out()).contains(" 131072 ");
            // default-ipc-mode and default-cgroupns-mode: written into a container created without its own
            assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.IpcMode}} {{.HostConfig.CgroupnsMode}}", made)).out()
                    .strip()).isEqualTo("shareable private");
            String ownNs = ok(d.docker("create", "--ipc", "private", "--cgroupns", "host", "busybox", "true")).out().strip();
            assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.IpcMode}} {{.HostConfig.CgroupnsMode}}", ownNs)).out()
                    .strip()).isEqualTo("private host");
            String hostCgroupNs = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/ns/cgroup")).toString();
            assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "readlink", "/proc/self/ns/cgroup")).out().strip())
                    .isNotEqualTo(hostCgroupNs);
            assertThat(ok(d.docker("run", "--rm", "--shm-size", "32m", "busybox", "busybox", "df", "-k", "/dev/shm")).out())
                    .contains(" 32768 ");

            // the default bridge: the daemon's resolver settings, its MTU, and its binding address
            Result plain = ok(d.docker("run", "--rm", "busybox", "sh", "-c",
                    "cat /etc/resolv.conf; cat /sys/class/net/eth0/mtu"));
            assertThat(plain.out()).contains("nameserver 127.0.0.78", "search corp.example", "options ndots:2")
                    .endsWith("1450\n");
            Result own = ok(d.docker("run", "--rm", "--dns", "10.9.9.9", "--dns-search", "mine.example", "busybox",
                    "cat", "/etc/resolv.conf"));
            assertThat(own.out()).contains("nameserver 10.9.9.9", "search mine.example")
                    .doesNotContain("127.0.0.78").doesNotContain("corp.example");
            ok(d.docker("run", "-d", "--name", "web", "-p", "80", "busybox", "sh", "-c",
                    "mkdir -p /www && echo hello > /www/index.html && exec busybox httpd -f -p 80 -h /www"));
            String bound = ok(d.docker("port", "web", "80")).out().strip();
            assertThat(bound).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(BerthdProcess.httpGet("http://" + bound + "/")).isEqualTo("hello\n");
            assertThat(ok(d.docker("network", "inspect", "bridge", "-f",
                    "{{index .Options \"com.docker.network.driver.mtu\"}} "
                            + "{{index .Options \"com.docker.network.bridge.host_binding_ipv4\"}} "
                            + "{{index .Options \"com.docker.network.bridge.enable_ip_masquerade\"}}")).out().strip())
                    .isEqualTo("1450 127.0.0.1 false");
            String subnet = ok(d.docker("network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Subnet}}"))
                    .out().strip();
            String masquerade = "-s " + subnet + " ! -o " + d.bridgeName() + " -j MASQUERADE";
            assertThat(natRules()).doesNotContain(masquerade);

            // icc false: containers on the default bridge do not reach each other (the host still reaches them);
            // a --link there is refused by name rather than left unreachable
            String peer = ok(d.docker("run", "-d", "--name", "peer", "busybox", "sleep", "60")).out().strip();
            String peerIp = ok(d.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", peer)).out().strip();
            assertThat(d.docker("run", "--rm", "busybox", "busybox", "ping", "-c1", "-W2", peerIp).exitCode()).isNotZero();
            assertThat(BerthdProcess.run(Duration.ofSeconds(10), "busybox", "ping", "-c1", "-W2", peerIp).exitCode()).isZero();
            assertThat(ok(d.docker("network", "inspect", "bridge", "-f",
                    "{{index .Options \"com.docker.network.bridge.enable_icc\"}}")).out().strip()).isEqualTo("false");
            Result linked = d.docker("run", "--rm", "--link", "peer", "busybox", "true");
            assertThat(linked.exitCode()).isNotZero();
            assertThat(linked.err()).contains("--link on the default bridge while the daemon's icc is false is not "
                    + "supported by Berth yet");

            // a user network: the embedded DNS answers and forwards to the daemon's servers; its own MTU
            ok(d.docker("network", "create", "--subnet", "10.217.31.0/24", "dflt-user"));
            Result user = ok(d.docker("run", "--rm", "--network", "dflt-user", "busybox", "sh", "-c",
                    "cat /etc/resolv.conf; busybox nslookup anything.example; cat /sys/class/net/eth0/mtu"));
            // ... and the MTU default-network-opts gives new bridge networks, kept with the network; one it names wins
            assertThat(user.out()).contains("nameserver 10.217.31.1", "search corp.example", "Address: 10.1.2.4")
                    .endsWith("1400\n");
            assertThat(ok(d.docker("network", "inspect", "dflt-user", "-f", "{{json .Options}}")).out().strip())
                    .isEqualTo("{\"com.docker.network.driver.mtu\":\"1400\"}");
            ok(d.docker("network", "create", "-o", "com.docker.network.driver.mtu=1300", "dflt-own"));
            assertThat(ok(d.docker("run", "--rm", "--network", "dflt-own", "busybox", "cat", "/sys/class/net/eth0/mtu"))
                    .out()).isEqualTo("1300\n");
            d.removeAllContainers();

            // without them the next start is dockerd's defaults again: nothing was journaled
            d.restartWith(null);
            Result after = ok(d.docker("run", "--rm", "busybox", "sh", "-c",
                    "cat /etc/resolv.conf; cat /sys/class/net/eth0/mtu"));
            assertThat(after.out()).doesNotContain("127.0.0.78").doesNotContain("corp.example").endsWith("1500\n");
            assertThat(ok(d.docker("network", "inspect", "bridge", "-f",
                    "{{index .Options \"com.docker.network.driver.mtu\"}} "
                            + "{{index .Options \"com.docker.network.bridge.host_binding_ipv4\"}}")).out().strip())
                    .isEqualTo("1500 0.0.0.0");
            assertThat(natRules()).contains(masquerade);
            String peer2 = ok(d.docker("run", "-d", "--name", "peer2", "busybox", "sleep", "60")).out().strip();
            String peer2Ip = ok(d.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}", peer2)).out().strip();
            ok(d.docker("run", "--rm", "busybox", "busybox", "ping", "-c1", "-W2", peer2Ip));
            assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "df", "-k", "/dev/shm")).out()).contains(" 65536 ");
            String later = ok(d.docker("create", "busybox", "true")).out().strip();
            assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.IpcMode}}", later)).out().strip()).isEqualTo("private");
            ok(d.docker("run", "-d", "--name", "web2", "-p", "80", "busybox", "sleep", "60"));
            assertThat(ok(d.docker("port", "web2", "80")).out().strip()).startsWith("0.0.0.0:");
        } finally {
            upstream.destroyForcibly().waitFor();
        }
    }

    @Test
    void seccompProfileAndInitPath_theDaemonsDefaults_aContainersOwnOptionStillWins() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("berth-seccomp");
        java.nio.file.Path profile = dir.resolve("no-mkdir.json");
        java.nio.file.Files.writeString(profile, """
                {"defaultAction": "SCMP_ACT_ALLOW",
                 "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO"}]}
                """);
        try (BerthdProcess d = BerthdProcess.start("{\"seccomp-profile\": \"" + profile + "\", "
                + "\"init-path\": \"" + dir.resolve("no-such-init") + "\", \"no-new-privileges\": true}")) {
            ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
            assertThat(ok(d.docker("info", "-f", "{{json .SecurityOptions}}")).out().strip()).isEqualTo(
                    "[\"name=seccomp,profile=" + profile + "\",\"name=cgroupns\",\"name=no-new-privileges\"]");
            assertThat(ok(d.docker("info")).err()).contains("WARNING: daemon is not using the default seccomp profile");
            // no-new-privileges: every container that does not opt out
            assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "grep", "NoNewPrivs:", "/proc/self/status")).out())
                    .contains("NoNewPrivs:\t1");
            assertThat(ok(d.docker("run", "--rm", "--security-opt", "no-new-privileges=false", "busybox", "busybox", "grep",
                    "NoNewPrivs:", "/proc/self/status")).out()).contains("NoNewPrivs:\t0");
            Result denied = d.docker("run", "--rm", "busybox", "busybox", "mkdir", "/tmp/x");
            assertThat(denied.exitCode()).isNotZero();
            assertThat(denied.err() + denied.out()).contains("Operation not permitted");
            ok(d.docker("run", "--rm", "--security-opt", "seccomp=unconfined", "busybox", "busybox", "mkdir", "/tmp/x"));
            // the init --init runs is the daemon's init-path (missing here: the start says so)
            Result init = d.docker("run", "--rm", "--init", "busybox", "true");
            assertThat(init.exitCode()).isNotZero();
            assertThat(init.err()).contains("init binary " + dir.resolve("no-such-init") + " not found");

            d.restartWith("{\"seccomp-profile\": \"unconfined\"}");
            assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "grep", "NoNewPrivs:", "/proc/self/status")).out())
                    .contains("NoNewPrivs:\t0");
            assertThat(ok(d.docker("run", "--rm", "busybox", "busybox", "grep", "Seccomp:", "/proc/self/status")).out())
                    .contains("Seccomp:\t0");
            ok(d.docker("run", "--rm", "busybox", "busybox", "mkdir", "/tmp/x"));
            ok(d.docker("run", "--rm", "--init", "busybox", "true"));
        } finally {
            java.nio.file.Files.deleteIfExists(profile);
            java.nio.file.Files.deleteIfExists(dir);
        }
    }

    private static String natRules() {
        return ok(BerthdProcess.run(Duration.ofSeconds(10), "iptables", "-t", "nat", "-S")).out();
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }
}
