package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docker network create}'s IPAM auxiliary addresses and the bridge driver's options a compose
 * file's {@code driver_opts} carries (enable_icc, host_binding_ipv4, container_iface_prefix), through the
 * real docker CLI: each does what dockerd does, and a value dockerd cannot parse is refused in its words.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class NetworkOptionsIT {
    private static final String HTTPD = "mkdir -p /www && echo hello > /www/index.html && exec busybox httpd -f -p 80 -h /www";

    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start();
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void cleanUp() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
            for (String n : d.docker("network", "ls", "--filter", "type=custom", "-q").out().lines()
                    .map(String::strip).filter(s -> !s.isEmpty()).toList()) {
                d.docker("network", "rm", n);
            }
        }
    }

    @Test
    void auxAddresses_areShownAndNeverGivenToAContainer() {
        ok(d.docker("network", "create", "--subnet", "10.201.7.0/24", "--ip-range", "10.201.7.0/29",
                "--aux-address", "router=10.201.7.2", "--aux-address", "printer=10.201.7.3", "aux"));
        assertThat(ok(d.docker("network", "inspect", "aux", "-f", "{{json (index .IPAM.Config 0).AuxiliaryAddresses}}"))
                .out().strip()).isEqualTo("{\"printer\":\"10.201.7.3\",\"router\":\"10.201.7.2\"}");
        // .1 is the gateway, .2 and .3 reserved: the first containers get .4 and .5
        ok(d.docker("run", "-d", "--name", "a1", "--network", "aux", "busybox", "sleep", "100"));
        ok(d.docker("run", "-d", "--name", "a2", "--network", "aux", "busybox", "sleep", "100"));
        assertThat(ipOf("a1", "aux")).isEqualTo("10.201.7.4");
        assertThat(ipOf("a2", "aux")).isEqualTo("10.201.7.5");
        Result taken = d.docker("run", "--rm", "--network", "aux", "--ip", "10.201.7.2", "busybox", "true");
        assertThat(taken.exitCode()).isNotZero();
        assertThat(taken.err()).contains("Address already in use");

        // outside the subnet (the raw API: the docker CLI checks this one itself) and on the gateway
        String body = "{\"Name\":\"aux2\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.201.8.0/24\","
                + "\"AuxiliaryAddresses\":{\"far\":\"10.201.9.1\"}}]}}";
        assertThat(http("POST", "/v1.50/networks/create", body)).startsWith("HTTP/1.1 400")
                .contains("invalid network config:\\ninvalid auxiliary address far: parent subnet 10.201.8.0/24 "
                        + "doesn't contain this address");
        Result onGateway = d.docker("network", "create", "--subnet", "10.201.8.0/24", "--aux-address", "gw=10.201.8.1",
                "aux3");
        assertThat(onGateway.exitCode()).isNotZero();
        assertThat(onGateway.err()).contains("failed to allocate secondary ip address (gw:10.201.8.1): Address already in use");
        assertThat(d.docker("network", "inspect", "aux3").exitCode()).isNotZero();

        // berth's CLI sends the same
        String berth = java.nio.file.Path.of("..", "bin", "berth").toAbsolutePath().normalize().toString();
        Result ours = BerthdProcess.run(Duration.ofSeconds(30), berth, "-H", d.host(), "network", "create", "--subnet",
                "10.201.9.0/24", "--aux-address", "nas=10.201.9.2", "-o", "com.docker.network.bridge.enable_icc=false",
                "aux4");
        assertThat(ours.exitCode()).as(ours.toString()).isZero();
        assertThat(ok(d.docker("network", "inspect", "aux4", "-f",
                "{{json (index .IPAM.Config 0).AuxiliaryAddresses}} {{json .Options}}")).out().strip())
                .isEqualTo("{\"nas\":\"10.201.9.2\"} {\"com.docker.network.bridge.enable_icc\":\"false\"}");
    }

    @Test
    void enableIccFalse_containersCannotReachEachOther_theHostAndPublishedPortsStillCan() throws Exception {
        ok(d.docker("network", "create", "-o", "com.docker.network.bridge.enable_icc=false", "quiet"));
        ok(d.docker("network", "create", "chatty"));
        ok(d.docker("run", "-d", "--name", "srv", "--network", "quiet", "-p", "127.0.0.1::80", "busybox", "sh", "-c",
                HTTPD));
        ok(d.docker("network", "connect", "chatty", "srv"));
        int port = Integer.parseInt(ok(d.docker("port", "srv", "80")).out().strip().replaceAll(".*:", ""));
        assertThat(BerthdProcess.httpGet("http://127.0.0.1:" + port + "/")).isEqualTo("hello\n");
        // the same server over the other network answers: the network's own rule, not the server, is what drops
        // (busybox 1.35's wget -T crashes: busybox timeout bounds it, under a shell, since the process it
        // signals would be the container's pid 1 otherwise, which a TERM does not stop)
        Result overChatty = ok(d.docker("run", "--rm", "--network", "chatty", "busybox", "sh", "-c",
                "busybox timeout 10 busybox wget -q -O - http://" + ipOf("srv", "chatty") + "/; echo rc=$?"));
        assertThat(overChatty.out()).isEqualTo("hello\nrc=0\n");
        Result overQuiet = ok(d.docker("run", "--rm", "--network", "quiet", "busybox", "sh", "-c",
                "busybox timeout 4 busybox wget -q -O - http://" + ipOf("srv", "quiet") + "/; echo rc=$?"));
        assertThat(overQuiet.out()).as(overQuiet.toString()).doesNotContain("hello").doesNotContain("rc=0")
                .contains("rc=");
        // the host reaches the container on the bridge
        Result fromHost = BerthdProcess.run(Duration.ofSeconds(10), "curl", "-s", "-m", "5",
                "http://" + ipOf("srv", "quiet") + "/");
        assertThat(fromHost.out()).as(fromHost.toString()).isEqualTo("hello\n");
        assertThat(ok(d.docker("network", "inspect", "quiet", "-f",
                "{{index .Options \"com.docker.network.bridge.enable_icc\"}}")).out().strip()).isEqualTo("false");
    }

    @Test
    void hostBindingIpv4_isTheAddressOfAPortPublishedWithoutOne() throws Exception {
        ok(d.docker("network", "create", "-o", "com.docker.network.bridge.host_binding_ipv4=127.0.0.1", "local"));
        ok(d.docker("run", "-d", "--name", "web", "--network", "local", "-p", "80", "busybox", "sh", "-c", HTTPD));
        String bound = ok(d.docker("port", "web", "80")).out().strip();
        assertThat(bound).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(ok(d.docker("inspect", "web", "-f", "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostIp}}"))
                .out().strip()).isEqualTo("127.0.0.1");
        assertThat(BerthdProcess.httpGet("http://" + bound + "/")).isEqualTo("hello\n");
        // a binding that names its address keeps it
        ok(d.docker("run", "-d", "--name", "web2", "--network", "local", "-p", "0.0.0.0::80", "busybox", "sh", "-c",
                HTTPD));
        assertThat(ok(d.docker("port", "web2", "80")).out().strip()).startsWith("0.0.0.0:");
    }

    @Test
    void containerIfacePrefix_namesTheNetworksInterfaces_othersCountOnTheirOwn() {
        ok(d.docker("network", "create", "-o", "com.docker.network.container_iface_prefix=ens", "pfx"));
        ok(d.docker("network", "create", "other"));
        ok(d.docker("run", "-d", "--name", "p1", "--network", "pfx", "busybox", "sleep", "100"));
        ok(d.docker("network", "connect", "other", "p1"));
        assertThat(ok(d.docker("exec", "p1", "ls", "/sys/class/net")).out().lines().map(String::strip).toList())
                .containsExactlyInAnyOrder("ens0", "eth0", "lo");
        Result dflt = ok(d.docker("exec", "p1", "busybox", "ip", "route", "show", "default"));
        assertThat(dflt.out()).contains("dev ens0");
    }

    @Test
    void unparsableOptionValues_areRefusedInDockerdsWords_andNoNetworkIsLeft() {
        for (String[] bad : List.of(
                new String[] {"com.docker.network.bridge.enable_icc=nope",
                        "failed to parse com.docker.network.bridge.enable_icc value: nope (strconv.ParseBool: parsing \"nope\": invalid syntax)"},
                new String[] {"com.docker.network.bridge.enable_ip_masquerade=yes",
                        "failed to parse com.docker.network.bridge.enable_ip_masquerade value: yes (strconv.ParseBool: parsing \"yes\": invalid syntax)"},
                new String[] {"com.docker.network.driver.mtu=big",
                        "failed to parse com.docker.network.driver.mtu value: big (strconv.Atoi: parsing \"big\": invalid syntax)"},
                new String[] {"com.docker.network.bridge.host_binding_ipv4=x",
                        "failed to parse com.docker.network.bridge.host_binding_ipv4 value: x (nil ip)"},
                new String[] {"com.docker.network.container_iface_prefix=a/b",
                        "invalid com.docker.network.container_iface_prefix a/b"})) {
            Result r = d.docker("network", "create", "-o", bad[0], "badopt");
            assertThat(r.exitCode()).as(bad[0]).isNotZero();
            assertThat(r.err()).contains(bad[1]);
            assertThat(d.docker("network", "inspect", "badopt").exitCode()).as(bad[0]).isNotZero();
        }
    }

    @Test
    void disconnect_aNetworkRemovedWhileTheContainerWasStopped_goesByName_forceAsDockerd() {
        ok(d.docker("network", "create", "gone"));
        ok(d.docker("create", "--name", "orphan", "--network", "gone", "busybox", "true"));
        ok(d.docker("network", "rm", "gone")); // allowed: a stopped container has no endpoint on it
        Result stuck = d.docker("start", "orphan");
        assertThat(stuck.exitCode()).isNotZero();
        assertThat(stuck.err()).contains("network gone not found");
        // the way out dockerd gives: disconnect the network that is gone, connect another
        ok(d.docker("network", "disconnect", "gone", "orphan"));
        ok(d.docker("network", "connect", "bridge", "orphan"));
        assertThat(ok(d.docker("start", "-a", "orphan")).exitCode()).isZero();
        assertThat(ok(d.docker("inspect", "orphan", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}"))
                .out().strip()).isEqualTo("bridge");

        // --force: a running container leaves as without it; a container that is gone has no endpoint to lose
        ok(d.docker("network", "create", "live"));
        ok(d.docker("run", "-d", "--name", "runner", "--network", "live", "busybox", "sleep", "100"));
        ok(d.docker("network", "disconnect", "-f", "live", "runner"));
        assertThat(ok(d.docker("inspect", "runner", "-f", "{{len .NetworkSettings.Networks}}")).out().strip())
                .isEqualTo("0");
        Result noEndpoint = d.docker("network", "disconnect", "-f", "live", "never-was");
        assertThat(noEndpoint.exitCode()).isNotZero();
        assertThat(noEndpoint.err()).contains("endpoint never-was not found");
        Result noForce = d.docker("network", "disconnect", "live", "never-was");
        assertThat(noForce.err()).contains("No such container: never-was");
    }

    private String ipOf(String container, String network) {
        return ok(d.docker("inspect", container, "-f", "{{(index .NetworkSettings.Networks \"" + network
                + "\").IPAddress}}")).out().strip();
    }

    private String http(String method, String path, String body) {
        try {
            return d.http(method, path, "application/json", body, Duration.ofSeconds(30));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }
}
