package dev.berth.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.network.EndpointSpec;
import dev.berth.spi.network.NetworkSpec;
import dev.berth.spi.network.PortMapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesTest {

    private static final String ID = "abcdef0123456789".repeat(4);
    private final ChainNames names = new ChainNames("a1b2c3");
    private final Rules rules = new Rules(names);

    private static NetworkSpec net(boolean internal) {
        return new NetworkSpec(ID, "n", null, "10.213.5.0/24", "10.213.5.1", null, internal, false, Map.of(), Map.of());
    }

    private static EndpointSpec ep(PortMapping... ports) {
        return new EndpointSpec(ID, "c".repeat(64), Path.of("/x"), "eth0", "10.213.5.2/24", null, "10.213.5.1",
                List.of(), List.of(ports));
    }

    @Test
    void chainNames_derivedFromExecRoot_areStableAndDistinct() {
        ChainNames a = ChainNames.forExecRoot(Path.of("/run/berth"));
        assertThat(ChainNames.forExecRoot(Path.of("/run/berth/"))).isEqualTo(a);
        assertThat(ChainNames.forExecRoot(Path.of("/run/berth2"))).isNotEqualTo(a);
        assertThat(a.forward()).matches("BERTH-[0-9a-f]{6}-FWD");
        assertThat(a.isolation2().length()).isLessThanOrEqualTo(28);
        assertThat(a.hostVeth(ID, "c")).hasSize(13).startsWith("vb");
    }

    @Test
    void network_userBridge_acceptsOwnTrafficMasqueradesAndIsolates() {
        assertThat(rules.network(net(false)).stream().map(r -> r.table() + " " + r.append())).containsExactly(
                "filter -A BERTH-a1b2c3-ISO -i br-abcdef012345 ! -o br-abcdef012345 -j BERTH-a1b2c3-ISO2",
                "filter -A BERTH-a1b2c3-ISO2 -o br-abcdef012345 -j DROP",
                "filter -A BERTH-a1b2c3-FWD -i br-abcdef012345 -o br-abcdef012345 -j ACCEPT",
                "filter -A BERTH-a1b2c3-FWD -i br-abcdef012345 ! -o br-abcdef012345 -j ACCEPT",
                "filter -A BERTH-a1b2c3-FWD -o br-abcdef012345 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "nat -A BERTH-a1b2c3-POST -s 10.213.5.0/24 ! -o br-abcdef012345 -j MASQUERADE",
                "nat -A BERTH-a1b2c3-POST -s 127.0.0.0/8 -o br-abcdef012345 -j MASQUERADE");
    }

    @Test
    void network_enableIccFalse_dropsBridgedTrafficInsteadOfAcceptingIt() {
        NetworkSpec quiet = new NetworkSpec(ID, "n", null, "10.213.5.0/24", "10.213.5.1", null, false, false,
                Map.of(NetworkSpec.ICC_OPTION, "false"), Map.of());
        List<String> r = rules.network(quiet).stream().map(Rule::append).toList();
        assertThat(r).contains("-A BERTH-a1b2c3-ISO -i br-abcdef012345 -o br-abcdef012345 -j DROP")
                .doesNotContain("-A BERTH-a1b2c3-FWD -i br-abcdef012345 -o br-abcdef012345 -j ACCEPT")
                .contains("-A BERTH-a1b2c3-FWD -i br-abcdef012345 ! -o br-abcdef012345 -j ACCEPT");
        assertThat(quiet.interContainer()).isFalse();
        assertThat(net(false).interContainer()).isTrue();
    }

    @Test
    void bridgeOptions_valuesDockerdCannotParse_areRefusedInItsWords() {
        BridgeOptions.check(Map.of(NetworkSpec.ICC_OPTION, "0", NetworkSpec.MASQUERADE_OPTION, "True",
                NetworkSpec.MTU_OPTION, "1400", NetworkSpec.HOST_BINDING_OPTION, "127.0.0.1",
                NetworkSpec.IFACE_PREFIX_OPTION, "ens"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BridgeOptions.check(Map.of(NetworkSpec.ICC_OPTION, "no")))
                .hasMessage("failed to parse com.docker.network.bridge.enable_icc value: no "
                        + "(strconv.ParseBool: parsing \"no\": invalid syntax)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BridgeOptions.check(Map.of(NetworkSpec.MTU_OPTION,
                        "99999999999")))
                .hasMessage("failed to parse com.docker.network.driver.mtu value: 99999999999 "
                        + "(strconv.Atoi: parsing \"99999999999\": value out of range)");
        BridgeOptions.check(Map.of(NetworkSpec.HOST_BINDING_OPTION, "fd00:5::7"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BridgeOptions.check(Map.of(
                        NetworkSpec.HOST_BINDING_OPTION, "fd00::5::7")))
                .hasMessage("failed to parse com.docker.network.bridge.host_binding_ipv4 value: fd00::5::7 (nil ip)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BridgeOptions.check(Map.of(
                        NetworkSpec.IFACE_PREFIX_OPTION, "thirteenchars")))
                .hasMessageStartingWith("invalid com.docker.network.container_iface_prefix thirteenchars");
    }

    @Test
    void network_internal_dropsInAndOutAndNeverMasquerades() {
        List<String> r = rules.network(net(true)).stream().map(Rule::append).toList();
        assertThat(r).contains("-A BERTH-a1b2c3-ISO -i br-abcdef012345 ! -o br-abcdef012345 -j DROP",
                "-A BERTH-a1b2c3-ISO ! -i br-abcdef012345 -o br-abcdef012345 -j DROP");
        assertThat(r).noneMatch(s -> s.contains("MASQUERADE") || s.contains("! -o br-abcdef012345 -j ACCEPT"));
    }

    @Test
    void endpoint_publishedPorts_dnatForwardAndHairpin() {
        List<String> r = rules.endpoint(net(false), ep(PortMapping.tcp(8080, 80),
                new PortMapping("127.0.0.1", 5353, 53, "udp"))).stream().map(Rule::append).toList();
        assertThat(r).containsExactly(
                "-A BERTH-a1b2c3-NAT -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.213.5.2:80",
                "-A BERTH-a1b2c3-FWD -d 10.213.5.2/32 ! -i br-abcdef012345 -o br-abcdef012345 -p tcp -m tcp --dport 80 -j ACCEPT",
                "-A BERTH-a1b2c3-POST -s 10.213.5.2/32 -d 10.213.5.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE",
                "-A BERTH-a1b2c3-NAT -d 127.0.0.1/32 -p udp -m udp --dport 5353 -j DNAT --to-destination 10.213.5.2:53",
                "-A BERTH-a1b2c3-FWD -d 10.213.5.2/32 ! -i br-abcdef012345 -o br-abcdef012345 -p udp -m udp --dport 53 -j ACCEPT",
                "-A BERTH-a1b2c3-POST -s 10.213.5.2/32 -d 10.213.5.2/32 -p udp -m udp --dport 53 -j MASQUERADE");
    }

    private static NetworkSpec net6(boolean internal) {
        return new NetworkSpec(ID, "n", null, "10.213.5.0/24", "10.213.5.1", null, internal, false, Map.of(), Map.of(),
                "fd00:5::/64", "fd00:5::1");
    }

    private static EndpointSpec ep6(PortMapping... ports) {
        return new EndpointSpec(ID, "c".repeat(64), Path.of("/x"), "eth0", "10.213.5.2/24", null, "10.213.5.1",
                List.of(), List.of(ports), Map.of(), List.of(), "fd00:5::2/64", "fd00:5::1");
    }

    @Test
    void network6_letsInOnlyAnswersAndWhatAPublishedPortsDnatSent() {
        List<String> r = rules.network6(net6(false)).stream().map(r6 -> r6.table() + " " + r6.append()).toList();
        assertThat(r).containsExactly(
                "filter -A BERTH-a1b2c3-ISO -i br-abcdef012345 ! -o br-abcdef012345 -j BERTH-a1b2c3-ISO2",
                "filter -A BERTH-a1b2c3-ISO2 -o br-abcdef012345 -j DROP",
                "filter -A BERTH-a1b2c3-FWD -i br-abcdef012345 -o br-abcdef012345 -j ACCEPT",
                "filter -A BERTH-a1b2c3-FWD -i br-abcdef012345 ! -o br-abcdef012345 -j ACCEPT",
                "filter -A BERTH-a1b2c3-FWD -o br-abcdef012345 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "nat -A BERTH-a1b2c3-POST -s fd00:5::/64 ! -o br-abcdef012345 -j MASQUERADE",
                "filter -A BERTH-a1b2c3-ISO ! -i br-abcdef012345 -o br-abcdef012345 -m conntrack ! --ctstate "
                        + "RELATED,ESTABLISHED,DNAT -j DROP");
    }

    @Test
    void endpointsPorts_splitByTheHostAddressFamily_ipv6sToTheEndpointsIpv6Address() {
        EndpointSpec ep = ep6(PortMapping.tcp(8080, 80), new PortMapping("::", 8080, 80, "tcp"),
                new PortMapping("fd00:9::7", 5353, 53, "udp"));
        assertThat(rules.endpoint(net6(false), ep).stream().map(Rule::append)).containsExactly(
                "-A BERTH-a1b2c3-NAT -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.213.5.2:80",
                "-A BERTH-a1b2c3-FWD -d 10.213.5.2/32 ! -i br-abcdef012345 -o br-abcdef012345 -p tcp -m tcp --dport 80 -j ACCEPT",
                "-A BERTH-a1b2c3-POST -s 10.213.5.2/32 -d 10.213.5.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE");
        // as `ip6tables -S` prints them back (the restore's set difference compares text)
        assertThat(rules.endpoint6(net6(false), ep).stream().map(Rule::append)).containsExactly(
                "-A BERTH-a1b2c3-NAT -p tcp -m tcp --dport 8080 -j DNAT --to-destination [fd00:5::2]:80",
                "-A BERTH-a1b2c3-FWD -d fd00:5::2/128 ! -i br-abcdef012345 -o br-abcdef012345 -p tcp -m tcp --dport 80 -j ACCEPT",
                "-A BERTH-a1b2c3-POST -s fd00:5::2/128 -d fd00:5::2/128 -p tcp -m tcp --dport 80 -j MASQUERADE",
                "-A BERTH-a1b2c3-NAT -d fd00:9::7/128 -p udp -m udp --dport 5353 -j DNAT --to-destination [fd00:5::2]:53",
                "-A BERTH-a1b2c3-FWD -d fd00:5::2/128 ! -i br-abcdef012345 -o br-abcdef012345 -p udp -m udp --dport 53 -j ACCEPT",
                "-A BERTH-a1b2c3-POST -s fd00:5::2/128 -d fd00:5::2/128 -p udp -m udp --dport 53 -j MASQUERADE");
        assertThat(rules.endpoint6(net6(true), ep)).isEmpty();
        assertThat(rules.endpoint6(net(false), ep(PortMapping.tcp(8080, 80)))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PortProbe.checkFamily(new PortMapping("::", 8080, 80,
                        "tcp"), ep(PortMapping.tcp(8080, 80))))
                .hasMessage("cannot publish port 80/tcp on IPv6 address ::: the endpoint has no IPv6 address");
    }

    @Test
    void endpoint_onInternalNetwork_publishesNothing() {
        assertThat(rules.endpoint(net(true), ep(PortMapping.tcp(8080, 80)))).isEmpty();
    }

    @Test
    void jumps_isolationInsertedAfterForward_soItLandsAbove() {
        assertThat(rules.jumps().stream().map(r -> r.table() + " " + r.chain() + " " + r.spec())).containsExactly(
                "filter FORWARD -j BERTH-a1b2c3-FWD",
                "filter FORWARD -j BERTH-a1b2c3-ISO",
                "nat PREROUTING -m addrtype --dst-type LOCAL -j BERTH-a1b2c3-NAT",
                "nat OUTPUT -m addrtype --dst-type LOCAL -j BERTH-a1b2c3-NAT",
                "nat POSTROUTING -j BERTH-a1b2c3-POST");
    }

    @Test
    void restoreInput_deletesThenAppends_perTable() {
        Rule a = new Rule("filter", "C", "-i x -j ACCEPT");
        Rule b = new Rule("nat", "N", "-j MASQUERADE");
        Rule c = new Rule("filter", "C", "-i y -j ACCEPT");
        assertThat(Rules.restoreInput("filter", List.of(a, b), List.of(c)))
                .isEqualTo("*filter\n-D C -i x -j ACCEPT\n-A C -i y -j ACCEPT\nCOMMIT\n");
    }

    @Test
    void parse_listing_keepsOnlyAppendsOfThatChain() {
        String listing = "-N C\n-A C -i x -j ACCEPT\n-A D -j DROP\n";
        assertThat(Rules.parse("filter", "C", listing)).containsExactly(new Rule("filter", "C", "-i x -j ACCEPT"));
    }

    @Test
    void upstreams_option_parsesPortsAndEmptyMeansNone() {
        assertThat(Upstreams.parseList("127.0.0.1:5353, 10.0.0.1")).extracting(a -> a.getPort()).containsExactly(5353, 53);
        assertThat(Upstreams.from("", Path.of("/nonexistent"))).isEmpty();
        assertThat(Upstreams.from(null, Path.of("/nonexistent"))).hasSize(1);
    }
}
