package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code docker network create -d macvlan}, as a user types it: containers on a host interface with addresses of
 * their own, reached from that network (here a veth whose other end is a namespace of the test's own, the "LAN",
 * holding the network's gateway address), names between them, the parent-less and VLAN forms, dockerd's
 * refusals, and a kill -9 of berthd that leaves them as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class MacvlanIT {
    private BerthdProcess d;
    /** The parent: the host end of a veth pair; its other end is in {@link #lan}, at the gateway address. */
    private String parent;
    private String lan;

    @BeforeAll
    void start() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start();
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
        String tag = Long.toHexString(System.nanoTime() & 0xffffffL);
        parent = "bmv" + tag;
        lan = "bmvlan" + tag;
        run("ip", "netns", "add", lan);
        run("ip", "link", "add", parent, "type", "veth", "peer", "name", "lan0", "netns", lan);
        run("ip", "link", "set", parent, "up");
        run("ip", "netns", "exec", lan, "ip", "addr", "add", "10.217.40.1/24", "dev", "lan0");
        run("ip", "netns", "exec", lan, "ip", "link", "set", "lan0", "up");
        run("ip", "netns", "exec", lan, "ip", "link", "set", "lo", "up");
    }

    @AfterAll
    void stop() throws Exception {
        if (d != null) {
            d.close();
        }
        new ProcessBuilder("ip", "link", "del", parent).start().waitFor();
        new ProcessBuilder("ip", "netns", "del", lan).start().waitFor();
    }

    @AfterEach
    void cleanUp() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
            for (String n : d.docker("network", "ls", "--filter", "type=custom", "-q").out().strip().split("\\s+")) {
                if (!n.isEmpty()) {
                    d.docker("network", "rm", n);
                }
            }
        }
    }

    @Test
    void containersOnTheParentsNetwork_reachedAtTheirAddresses_byName_throughTheGateway_keptAcrossAKill9()
            throws Exception {
        ok(d.docker("network", "create", "-d", "macvlan", "--subnet", "10.217.40.0/24", "-o", "parent=" + parent, "lanet"));
        assertThat(ok(d.docker("network", "inspect", "lanet", "-f",
                "{{.Driver}} {{json .Options}} {{(index .IPAM.Config 0).Gateway}}")).out().strip())
                .isEqualTo("macvlan {\"parent\":\"" + parent + "\"} 10.217.40.1");
        ok(d.docker("run", "-d", "--name", "web", "--network", "lanet", "busybox", "sh", "-c",
                "mkdir /www && echo on-the-lan > /www/index.html && exec httpd -f -p 80 -h /www"));
        String ip = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.lanet.IPAddress}}", "web")).out().strip();
        assertThat(ip).isEqualTo("10.217.40.2");
        // another host on that network reaches the container at its own address: no port published, no NAT
        assertThat(fromLan("http://" + ip + "/")).isEqualTo("on-the-lan\n");
        // the container's interface hangs off the parent, with the MAC the engine gave it
        String mac = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.lanet.MacAddress}}", "web")).out().strip();
        assertThat(ok(d.docker("exec", "web", "cat", "/sys/class/net/eth0/address")).out().strip()).isEqualTo(mac);
        assertThat(run("ip", "netns", "exec", lan, "ip", "neigh", "show", ip).out()).contains(mac);
        // its default route is the network's gateway, a router on that network (the test's namespace)
        Result other = ok(d.docker("run", "--rm", "--network", "lanet", "busybox", "sh", "-c",
                "cat /etc/resolv.conf; ip route | grep default; ping -c1 -W2 10.217.40.1 >/dev/null && echo gw-ok; "
                        + "wget -qO- http://web/; nslookup web | grep -A1 'Name:'"));
        assertThat(other.out())
                .contains("nameserver 127.0.0.11", "default via 10.217.40.1 dev eth0", "gw-ok", "on-the-lan",
                        "Address: " + ip);

        d.kill9();
        d.restart();
        assertThat(fromLan("http://" + ip + "/")).isEqualTo("on-the-lan\n");
        // the resolver in the container's namespace is bound again by the restart's network restore
        Result byName = d.docker("exec", "web", "busybox", "nslookup", "web");
        for (int i = 0; i < 50 && !byName.out().contains("Address: " + ip); i++) {
            BerthdProcess.sleep(200);
            byName = d.docker("exec", "web", "busybox", "nslookup", "web");
        }
        assertThat(byName.out()).contains("Address: " + ip);
        ok(d.docker("stop", "-t", "1", "web"));
        assertThat(run(Duration.ofSeconds(10), "ip", "netns", "exec", lan, "curl", "-sf", "-m", "2",
                "http://" + ip + "/").exitCode()).isNotZero();
    }

    @Test
    void connectAndDisconnect_twoMacvlanNetworks_namesOnBoth_modePrivate() {
        ok(d.docker("network", "create", "-d", "macvlan", "--subnet", "10.217.40.0/24", "-o", "parent=" + parent, "lanet"));
        ok(d.docker("network", "create", "-d", "macvlan", "--subnet", "10.217.41.0/24", "-o", "parent=" + parent,
                "-o", "macvlan_mode=private", "quiet"));
        ok(d.docker("run", "-d", "--name", "one", "--network", "lanet", "busybox", "sleep", "300"));
        ok(d.docker("run", "-d", "--name", "two", "--network", "quiet", "busybox", "sleep", "300"));
        // a container of the default bridge joins and leaves a macvlan network while it runs
        ok(d.docker("run", "-d", "--name", "roamer", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "lanet", "roamer"));
        assertThat(ok(d.docker("exec", "roamer", "busybox", "ip", "-o", "-4", "addr", "show", "eth1")).out()).contains("10.217.40.");
        ok(d.docker("exec", "roamer", "busybox", "ping", "-c1", "-W2", ok(d.docker("inspect", "-f",
                "{{.NetworkSettings.Networks.lanet.IPAddress}}", "one")).out().strip()));
        ok(d.docker("network", "disconnect", "lanet", "roamer"));
        String after = ok(d.docker("exec", "roamer", "busybox", "ip", "-o", "link")).out();
        assertThat(after).as("eth1 gone, eth0 (the default bridge's) kept").contains("eth0").doesNotContain("eth1");
        // on both networks: the names of each, and NAME.NETWORK
        ok(d.docker("network", "connect", "quiet", "one"));
        Result names = ok(d.docker("exec", "one", "sh", "-c",
                "nslookup two | grep -A1 Name:; nslookup one.lanet | grep -A1 Name:"));
        assertThat(names.out()).contains("10.217.41.", "10.217.40.");
        // an address of the user's choosing; --internal: no default route, though the parent leads somewhere
        assertThat(ok(d.docker("run", "--rm", "--network", "lanet", "--ip", "10.217.40.77", "busybox", "sh", "-c",
                "ip -o -4 addr show eth0")).out()).contains("10.217.40.77/24");
        ok(d.docker("network", "create", "-d", "macvlan", "--internal", "--subnet", "10.217.42.0/24", "-o",
                "parent=" + parent, "walled"));
        assertThat(ok(d.docker("run", "--rm", "--network", "walled", "busybox", "sh", "-c", "ip route")).out())
                .contains("10.217.42.0/24").doesNotContain("default");
        // private mode: two containers on it do not reach each other
        ok(d.docker("run", "-d", "--name", "three", "--network", "quiet", "busybox", "sleep", "300"));
        assertThat(d.docker("exec", "three", "busybox", "ping", "-c1", "-W1", "two").exitCode()).isNotZero();
        // the one that is on both keeps its way out through the first network's gateway (the test's namespace)
        ok(d.docker("exec", "one", "busybox", "ping", "-c1", "-W2", "10.217.40.1"));
    }

    @Test
    void ipv6_addressesFromTheSubnet_reachedFromTheLan_namesAnswerAaaa_routeThroughTheGateway() {
        run("ip", "netns", "exec", lan, "ip", "-6", "addr", "add", "fd00:b1e7:40::1/64", "dev", "lan0", "nodad");
        try {
            ok(d.docker("network", "create", "-d", "macvlan", "--ipv6", "--subnet", "10.217.40.0/24", "--subnet",
                    "fd00:b1e7:40::/64", "-o", "parent=" + parent, "lan6"));
            ok(d.docker("run", "-d", "--name", "web6", "--network", "lan6", "busybox", "sh", "-c",
                    "mkdir /www && echo over-six > /www/index.html && exec httpd -f -p 80 -h /www"));
            String ip6 = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.lan6.GlobalIPv6Address}}", "web6"))
                    .out().strip();
            assertThat(ip6).isEqualTo("fd00:b1e7:40::2");
            assertThat(fromLan("http://[" + ip6 + "]/")).isEqualTo("over-six\n");
            Result other = ok(d.docker("run", "--rm", "--network", "lan6", "busybox", "sh", "-c",
                    "ip -6 route | grep default; busybox ping -6 -c1 -W3 web6 >/dev/null && echo six-by-name"));
            assertThat(other.out()).contains("default via fd00:b1e7:40::1 dev eth0", "six-by-name");
        } finally {
            BerthdProcess.run(Duration.ofSeconds(10), "ip", "netns", "exec", lan, "ip", "-6", "addr", "del",
                    "fd00:b1e7:40::1/64", "dev", "lan0");
        }
    }

    @Test
    void onABridgeAndAMacvlanNetwork_namesOfBoth_whicheverResolverTheContainerAsks() {
        ok(d.docker("network", "create", "-d", "macvlan", "--subnet", "10.217.40.0/24", "-o", "parent=" + parent, "lanet"));
        ok(d.docker("network", "create", "--subnet", "10.217.45.0/24", "inner"));
        ok(d.docker("run", "-d", "--name", "onlan", "--network", "lanet", "busybox", "sleep", "300"));
        ok(d.docker("run", "-d", "--name", "oninner", "--network", "inner", "busybox", "sleep", "300"));
        // one asks the bridge network's resolver (its first network), the other the one in its namespace
        ok(d.docker("create", "--name", "viabridge", "--network", "inner", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "lanet", "viabridge"));
        ok(d.docker("start", "viabridge"));
        ok(d.docker("create", "--name", "vialan", "--network", "lanet", "busybox", "sleep", "300"));
        ok(d.docker("network", "connect", "inner", "vialan"));
        ok(d.docker("start", "vialan"));
        assertThat(ok(d.docker("exec", "viabridge", "cat", "/etc/resolv.conf")).out()).contains("nameserver 10.217.45.1");
        assertThat(ok(d.docker("exec", "vialan", "cat", "/etc/resolv.conf")).out()).contains("nameserver 127.0.0.11");
        for (String asker : List.of("viabridge", "vialan")) {
            Result r = ok(d.docker("exec", asker, "sh", "-c",
                    "busybox ping -c1 -W2 onlan >/dev/null && echo lan-ok; busybox ping -c1 -W2 oninner >/dev/null && echo inner-ok"));
            assertThat(r.out()).as(asker).contains("lan-ok", "inner-ok");
        }
        // a container on one network alone sees that network's names only
        assertThat(d.docker("exec", "onlan", "busybox", "nslookup", "oninner").exitCode()).isNotZero();
    }

    @Test
    void withoutParent_aLinkOfItsOwn_internal_removedWithTheNetwork() {
        ok(d.docker("network", "create", "-d", "macvlan", "island"));
        String id = ok(d.docker("network", "inspect", "island", "-f", "{{.Id}}")).out().strip();
        String link = "dm-" + id.substring(0, 12);
        assertThat(Files.exists(Path.of("/sys/class/net", link))).isTrue();
        ok(d.docker("run", "-d", "--name", "aa", "--network", "island", "busybox", "sleep", "300"));
        Result b = ok(d.docker("run", "--rm", "--network", "island", "busybox", "sh", "-c",
                "ip route; ping -c1 -W2 aa >/dev/null && echo reached-aa"));
        assertThat(b.out()).contains("reached-aa").doesNotContain("default");
        ok(d.docker("rm", "-f", "aa"));
        ok(d.docker("network", "rm", "island"));
        assertThat(Files.exists(Path.of("/sys/class/net", link))).isFalse();
    }

    @Test
    void refusals_inDockerdsWords_andNothingLeft() {
        assertThat(err(d.docker("network", "create", "-d", "macvlan", "-o", "macvlan_mode=shared", "x1")))
                .contains("requested macvlan mode 'shared' is not valid, 'bridge' mode is the macvlan driver default");
        assertThat(err(d.docker("network", "create", "-d", "macvlan", "-o", "parent=lo", "x2")))
                .contains("loopback interface is not a valid macvlan parent link");
        assertThat(err(d.docker("network", "create", "-d", "macvlan", "-o", "parent=nosuch0", "x3")))
                .contains("invalid subinterface vlan name nosuch0, example formatting is eth0.10");
        assertThat(err(d.docker("network", "create", "-d", "macvlan", "-o", "parent=nosuch0.7", "x4")))
                .contains("-o parent interface was not found on the host: nosuch0");
        assertThat(err(d.docker("network", "create", "-d", "macvlan", "-o", "parent=" + parent + ".5000", "x5")))
                .contains("vlan id must be between 1-4094, received: 5000");
        assertThat(err(d.docker("network", "create", "-d", "macvlan", "-o", "vlan=3", "x6")))
                .contains("option \"vlan\" of the macvlan driver is not supported by Berth");
        // a VLAN sub-interface is made when missing: where the kernel has 802.1q it works, else its error is said
        boolean vlans = run(Duration.ofSeconds(10), "ip", "link", "add", "link", parent, "name", parent + ".9", "type",
                "vlan", "id", "9").exitCode() == 0;
        if (vlans) {
            run("ip", "link", "del", parent + ".9");
            ok(d.docker("network", "create", "-d", "macvlan", "-o", "parent=" + parent + ".9", "tagged"));
            assertThat(Files.exists(Path.of("/sys/class/net", parent + ".9"))).isTrue();
            ok(d.docker("network", "rm", "tagged"));
            assertThat(Files.exists(Path.of("/sys/class/net", parent + ".9"))).isFalse();
        } else {
            assertThat(err(d.docker("network", "create", "-d", "macvlan", "-o", "parent=" + parent + ".9", "tagged")))
                    .contains("failed to create " + parent + ".9 vlan link");
            assertThat(Files.exists(Path.of("/sys/class/net", parent + ".9"))).isFalse();
        }
        ok(d.docker("network", "create", "-d", "macvlan", "--subnet", "10.217.40.0/24", "-o", "parent=" + parent, "lanet"));
        assertThat(err(d.docker("network", "create", "-d", "macvlan", "--subnet", "10.217.41.0/24", "-o",
                "parent=" + parent, "-o", "macvlan_mode=passthru", "x8")))
                .contains("cannot use mode passthru, macvlan network ", " is already using parent interface " + parent);
        // a published port is refused, not dropped (dockerd passes over it in silence)
        assertThat(err(d.docker("run", "-d", "--name", "pub", "--network", "lanet", "-p", "8080:80", "busybox", "true")))
                .contains("published ports are not supported on macvlan network lanet");
        assertThat(ok(d.docker("network", "ls", "--filter", "driver=macvlan", "--format", "{{.Name}}")).out().strip())
                .isEqualTo("lanet");
    }

    @Test
    void configOnlyNetwork_itsSettingsTakenByAMacvlanAndABridgeNetwork_noContainerOnIt_keptWhileUsed() {
        ok(d.docker("network", "create", "--config-only", "--subnet", "10.217.40.0/24", "--gateway", "10.217.40.1",
                "--ip-range", "10.217.40.64/26", "-o", "parent=" + parent, "--label", "site=lab", "labcfg"));
        assertThat(ok(d.docker("network", "inspect", "labcfg", "-f", "{{.Driver}} {{.ConfigOnly}} {{json .Options}} "
                + "{{json .Labels}} {{(index .IPAM.Config 0).IPRange}}")).out().strip())
                .isEqualTo("null true {\"parent\":\"" + parent + "\"} {\"site\":\"lab\"} 10.217.40.64/26");
        // a config-only network reserves nothing: another may hold the same subnet
        ok(d.docker("network", "create", "--config-only", "--subnet", "10.217.40.0/24", "spare"));
        ok(d.docker("network", "create", "-d", "macvlan", "--config-from", "labcfg", "lab"));
        assertThat(ok(d.docker("network", "inspect", "lab", "-f", "{{.Driver}} {{.ConfigOnly}} {{.ConfigFrom.Network}} "
                + "{{json .Options}} {{json .Labels}} {{(index .IPAM.Config 0).Subnet}}")).out().strip())
                .isEqualTo("macvlan false labcfg {\"parent\":\"" + parent + "\"} {\"site\":\"lab\"} 10.217.40.0/24");
        ok(d.docker("run", "-d", "--name", "inlab", "--network", "lab", "busybox", "sleep", "300"));
        String ip = ok(d.docker("inspect", "-f", "{{.NetworkSettings.Networks.lab.IPAddress}}", "inlab")).out().strip();
        assertThat(ip).isEqualTo("10.217.40.64");
        assertThat(run("ip", "netns", "exec", lan, "busybox", "ping", "-c1", "-W2", ip).out()).contains("1 packets received");
        assertThat(err(d.docker("run", "--rm", "--network", "labcfg", "busybox", "true")))
                .contains("cannot create endpoint on configuration-only network");
        assertThat(err(d.docker("network", "connect", "labcfg", "inlab")))
                .contains("cannot create endpoint on configuration-only network");
        assertThat(err(d.docker("network", "rm", "labcfg"))).contains("configuration network \"labcfg\" is in use");
        // dockerd's rules for the two sides
        assertThat(err(d.docker("network", "create", "--config-from", "labcfg", "--subnet", "10.217.43.0/24", "x1")))
                .contains("user specified configurations are not supported if the network depends on a configuration network");
        assertThat(err(d.docker("network", "create", "--config-from", "labcfg", "-o", "a=b", "x2")))
                .contains("network driver options are not supported if the network depends on a configuration network");
        assertThat(err(d.docker("network", "create", "--config-from", "nosuch", "x3")))
                .contains("configuration network \"nosuch\" does not exist");
        assertThat(err(d.docker("network", "create", "--config-from", "lab", "x4")))
                .contains("configuration network \"lab\" does not exist");
        assertThat(err(d.docker("network", "create", "--config-only", "--internal", "x5")))
                .contains("Network operator fields like [ ingress | internal | attachable | scope ] are not supported.");
        // a bridge network takes one too (the subnet the spare one names, which a config-only network never holds)
        ok(d.docker("network", "create", "--config-only", "--subnet", "10.217.44.0/24", "bridgecfg"));
        ok(d.docker("network", "create", "--config-from", "bridgecfg", "fromcfg"));
        assertThat(ok(d.docker("run", "--rm", "--network", "fromcfg", "busybox", "sh", "-c", "ip -o -4 addr show eth0"))
                .out()).contains("10.217.44.2/24");
        // prune leaves config-only networks, as dockerd's does
        ok(d.docker("rm", "-f", "inlab"));
        assertThat(ok(d.docker("network", "prune", "-f")).out()).contains("lab", "fromcfg").doesNotContain("labcfg", "spare");
        ok(d.docker("network", "rm", "labcfg", "spare", "bridgecfg"));
    }

    private String fromLan(String url) {
        // curl: Debian's static busybox wget dies of SIGSEGV under ip netns exec
        return ok(run(Duration.ofSeconds(10), "ip", "netns", "exec", lan, "curl", "-sfg", "-m", "3", url)).out();
    }

    private static Result run(String... cmd) {
        return ok(run(Duration.ofSeconds(20), cmd));
    }

    private static Result run(Duration timeout, String... cmd) {
        return BerthdProcess.run(timeout, cmd);
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    private static String err(Result r) {
        assertThat(r.exitCode()).as(r.out()).isNotZero();
        return r.err();
    }
}
