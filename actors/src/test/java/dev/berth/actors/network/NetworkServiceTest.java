package dev.berth.actors.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.actors.TestEngine;
import dev.berth.persistence.network.Endpoint;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.network.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network workflows as a user sees them through {@link NetworkService}: real network entities
 * and read model on Pekko's in-memory journal (see {@link TestEngine}), subnets from a pool of
 * {@code /24}s in 10.210.0.0/16 and a route table of the test's own (so the host's routes do not
 * decide the answers). The network driver is the only stand-in: a recording
 * {@link TestEngine.RecordingNetworkDriver}; the bridge driver has its own IT.
 */
class NetworkServiceTest {
    private static final ActorTestKit KIT = ActorTestKit.create(TestEngine.config());
    private static final List<SubnetPools.Pool> POOLS = List.of(new SubnetPools.Pool("10.210.0.0/16", 24));
    /** /proc/net/route's header, then lines as the kernel writes them (addresses little-endian hex). */
    private static final String ROUTES_HEADER =
            "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n";

    @TempDir
    Path dir;
    private TestEngine engine;
    private NetworkService service;

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    /** The engine's first start on a host whose routing table has {@code routeLines}. */
    private void start(String... routeLines) throws IOException {
        Path routes = dir.resolve("route");
        Files.writeString(routes, ROUTES_HEADER + String.join("\n", routeLines));
        engine = TestEngine.start(KIT, dir.resolve("data"), new SubnetPools(POOLS, routes), null);
        service = engine.networks;
    }

    private NetworkConfig create(String name) {
        return create(name, Map.of());
    }

    private NetworkConfig create(String name, Map<String, String> labels) {
        return service.create(name, null, null, null, null, false, Map.of(), labels);
    }

    private void join(NetworkConfig network, String containerId) {
        // What NetworkAttacher does first when a container starts on the network.
        service.ask().<NetworkRegistry.Envelope, Endpoint>call(service.entities(),
                r -> new NetworkRegistry.Envelope(network.id(), new NetworkCommand.Join(containerId, "web", null,
                        List.of(), List.of(), r)));
    }

    private static EngineException failure(Runnable action) {
        try {
            action.run();
        } catch (EngineException e) {
            return e;
        }
        throw new AssertionError("expected an EngineException");
    }

    // --- built-ins ---

    @Test
    void ensureBuiltIns_firstStart_bridgeOnTheFirstPoolSubnetWithHostAndNone() throws IOException {
        start();

        var bridge = service.view().resolve("bridge").config();
        assertThat(bridge.subnet()).isEqualTo("10.210.0.0/24");
        assertThat(bridge.gateway()).isEqualTo("10.210.0.1");
        assertThat(bridge.builtIn()).isTrue();
        assertThat(bridge.bridgeName()).isEqualTo("berth-test0");
        assertThat(service.view().resolve("host").config().driver()).isEqualTo("host");
        assertThat(service.view().resolve("none").config().driver()).isEqualTo("null");
    }

    @Test
    void ensureBuiltIns_again_nothingAdded() throws IOException {
        start();
        String bridgeId = service.view().resolve("bridge").config().id();

        service.ensureBuiltIns("berth-test0", null);

        assertThat(service.view().all()).hasSize(3);
        assertThat(service.view().resolve("bridge").config().id()).isEqualTo(bridgeId);
    }

    @Test
    void applyBip_another_movesTheDefaultBridge_sameOrNone_changesNothing() throws IOException {
        start();
        String bridgeId = service.view().resolve("bridge").config().id();

        service.applyBip(null, null);
        service.applyBip("10.210.0.1/24", null);
        assertThat(service.view().resolve("bridge").config().subnet()).isEqualTo("10.210.0.0/24");

        service.applyBip("10.77.0.254/16", null);
        var moved = service.view().resolve("bridge").config();
        assertThat(moved.id()).isEqualTo(bridgeId);
        assertThat(moved.subnet()).isEqualTo("10.77.0.0/16");
        assertThat(moved.gateway()).isEqualTo("10.77.0.254");
    }

    @Test
    void applyBip_withAContainerAttached_orOverlappingANetwork_isRefusedAndNothingMoves() throws IOException {
        start();
        var bridge = service.view().resolve("bridge").config();
        var backend = service.create("backend", null, "10.88.0.0/24", null, null, false, Map.of(), Map.of());

        EngineException overlap = failure(() -> service.applyBip("10.88.0.1/16", null));
        assertThat(overlap.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(overlap).hasMessage("--bip 10.88.0.1/16 overlaps network backend (10.88.0.0/24)");

        join(bridge, "c1");
        EngineException attached = failure(() -> service.applyBip("10.99.0.1/24", null));
        assertThat(attached.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(attached).hasMessage("--bip 10.99.0.1/24 cannot be applied: containers are attached to the default "
                + "bridge (10.210.0.1/24): web; stop them first, or start berthd with --bip 10.210.0.1/24");
        assertThat(service.view().resolve("bridge").config()).isEqualTo(bridge);
        assertThat(backend.subnet()).isEqualTo("10.88.0.0/24");
    }

    @Test
    void applyBip_ipv6_givesTheDefaultBridgeASubnet_keepsIt_takesItAway_refusedWhileAttached() throws IOException {
        start();
        service.applyBip(null, "");
        var ula = service.view().resolve("bridge").config();
        assertThat(ula.ipv6()).isTrue();
        assertThat(ula.subnet6()).isEqualTo(NetworkService.ulaBase(ula.id()).toString().replace("/48", "/64"));
        assertThat(ula.gateway6()).isEqualTo(ula.subnet6().replace("::/64", "::1"));
        service.applyBip(null, "");
        assertThat(service.view().resolve("bridge").config()).isEqualTo(ula);

        service.applyBip(null, "fd00:b1e7:e::/64");
        assertThat(service.view().resolve("bridge").config().subnet6()).isEqualTo("fd00:b1e7:e::/64");
        assertThat(service.view().resolve("bridge").config().gateway6()).isEqualTo("fd00:b1e7:e::1");
        var other = service.create("other6", null, "10.88.0.0/24", null, null, Map.of(), false, Map.of(), Map.of(),
                new NetworkService.Ipv6Request("fd00:b1e7:f::/64", ""));
        EngineException overlap = failure(() -> service.applyBip(null, "fd00:b1e7:f::/56"));
        assertThat(overlap).hasMessage("--fixed-cidr-v6 fd00:b1e7:f::/56 overlaps network other6 (fd00:b1e7:f::/64)");

        var bridge = service.view().resolve("bridge").config();
        join(bridge, "c1");
        EngineException attached = failure(() -> service.applyBip(null, null));
        assertThat(attached.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(attached).hasMessage("a default bridge without IPv6 (no --ipv6) cannot be applied: containers are "
                + "attached to the default bridge (" + bridge.gateway() + bridge.subnet().substring(bridge.subnet().indexOf('/'))
                + ", fd00:b1e7:e::/64): web; stop them first, or start berthd with --bip " + bridge.gateway()
                + bridge.subnet().substring(bridge.subnet().indexOf('/')) + " --ipv6 --fixed-cidr-v6 fd00:b1e7:e::/64");
        assertThat(service.view().resolve("bridge").config()).isEqualTo(bridge);
        assertThat(other.subnet6()).isEqualTo("fd00:b1e7:f::/64");
    }

    // --- create ---

    @Test
    void create_noSubnet_nextFreePoolSubnetAndTheDriverWiresIt() throws IOException {
        start();

        var backend = create("backend");

        assertThat(backend.subnet()).isEqualTo("10.210.1.0/24");
        assertThat(backend.gateway()).isEqualTo("10.210.1.1");
        assertThat(backend.bridgeName()).isEqualTo("br-" + backend.id().substring(0, 12));
        assertThat(backend.builtIn()).isFalse();
        assertThat(service.view().resolve("backend").config()).isEqualTo(backend);
        assertThat(service.view().resolve(backend.id().substring(0, 12)).config()).isEqualTo(backend);
        assertThat(engine.networkDriver.created).containsExactly(service.spec(backend));
    }

    @Test
    void create_twoWithoutSubnet_subnetsDoNotOverlap() throws IOException {
        start();

        var a = create("front");
        var b = create("back");

        assertThat(List.of(a.subnet(), b.subnet())).containsExactly("10.210.1.0/24", "10.210.2.0/24");
        assertThat(Ipv4.Cidr.parse(a.subnet()).overlaps(Ipv4.Cidr.parse(b.subnet()))).isFalse();
    }

    @Test
    void create_noSubnet_skipsSubnetsOfHostRoutes() throws IOException {
        // A LAN on 10.210.1.0/24 (dev eth0): a network there would shadow it.
        start("eth0\t0001D20A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");

        assertThat(create("backend").subnet()).isEqualTo("10.210.2.0/24");
    }

    @Test
    void create_subnetAndGateway_takenAsGiven() throws IOException {
        start();

        var net = service.create("lab", null, "10.220.0.0/16", "10.220.5.254", "10.220.5.0/24", true, Map.of(),
                Map.of("team", "net"));

        assertThat(net.subnet()).isEqualTo("10.220.0.0/16");
        assertThat(net.gateway()).isEqualTo("10.220.5.254");
        assertThat(net.ipRange()).isEqualTo("10.220.5.0/24");
        assertThat(net.internal()).isTrue();
        assertThat(net.labels()).containsEntry("team", "net");
    }

    @Test
    void create_subnetOverlappingAnother_forbiddenAndNothingCreated() throws IOException {
        start();

        var e = failure(() -> service.create("wide", null, "10.210.0.0/16", null, null, false, Map.of(), Map.of()));

        assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN);
        assertThat(e.getMessage()).isEqualTo("invalid pool request: Pool overlaps with other one on this address space");
        assertThat(service.view().byName("wide")).isEmpty();
        assertThat(engine.networkDriver.created).isEmpty();
    }

    @Test
    void create_gatewayOutsideTheSubnet_invalidAndNothingCreated() throws IOException {
        start();

        var e = failure(() -> service.create("lab", null, "10.220.0.0/24", "10.221.0.1", null, false, Map.of(),
                Map.of()));

        assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(service.view().byName("lab")).isEmpty();
        assertThat(engine.networkDriver.created).isEmpty();
    }

    @Test
    void create_duplicateName_conflictWithDockerWording() throws IOException {
        start();
        create("backend");

        var e = failure(() -> create("backend"));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(e.getMessage()).isEqualTo("network with name backend already exists");
        assertThat(engine.networkDriver.created).hasSize(1);
    }

    @Test
    void create_predefinedName_forbiddenWithDockerWording() throws IOException {
        start();

        for (String name : List.of("bridge", "host", "none", "default")) {
            var e = failure(() -> create(name));

            assertThat(e.kind()).as(name).isEqualTo(ErrorKind.FORBIDDEN);
            assertThat(e.getMessage()).isEqualTo("operation is not permitted on predefined " + name + " network ");
        }
        assertThat(service.view().all()).hasSize(3);
        assertThat(engine.networkDriver.created).isEmpty();
    }

    @Test
    void create_driverFails_errorAndNothingLeftUnderTheName() throws IOException {
        start();
        engine.networkDriver.createError = EngineException.conflict("bridge name br-x is already in use by another interface");

        var e = failure(() -> create("backend"));

        assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(service.view().byName("backend")).isEmpty();
        engine.networkDriver.createError = null;
        assertThat(create("backend").subnet()).isEqualTo("10.210.1.0/24");
    }

    // --- remove ---

    @Test
    void remove_unused_goneFromTheViewAndTheHost() throws IOException {
        start();
        var backend = create("backend");

        service.remove("backend");

        assertThat(service.view().byName("backend")).isEmpty();
        assertThat(engine.networkDriver.deleted).containsExactly(backend.id());
        assertThat(create("backend").id()).isNotEqualTo(backend.id());
    }

    @Test
    void remove_withEndpoints_forbiddenAndKept() throws IOException {
        start();
        var backend = create("backend");
        join(backend, "c1");

        var e = failure(() -> service.remove("backend"));

        assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN);
        assertThat(e.getMessage()).contains("network backend").endsWith("has active endpoints");
        assertThat(service.view().resolve("backend").endpoints()).containsKey("c1");
        assertThat(engine.networkDriver.deleted).isEmpty();
    }

    @Test
    void remove_builtIn_forbiddenWithDockerWording() throws IOException {
        start();

        var e = failure(() -> service.remove("bridge"));

        assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN);
        assertThat(e.getMessage()).isEqualTo("bridge is a pre-defined network and cannot be removed");
        assertThat(engine.networkDriver.deleted).isEmpty();
    }

    @Test
    void remove_unknown_notFound() throws IOException {
        start();

        var e = failure(() -> service.remove("ghost"));

        assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(e.getMessage()).isEqualTo("network ghost not found");
    }

    // --- prune ---

    @Test
    void prune_everything_removesOnlyUnusedUserNetworks() throws IOException {
        start();
        var idle = create("idle");
        var spare = create("spare");
        var busy = create("busy");
        join(busy, "c1");

        List<String> pruned = service.prune(c -> true);

        assertThat(pruned).containsExactlyInAnyOrder("idle", "spare");
        assertThat(service.view().all()).extracting(n -> n.config().name())
                .containsExactlyInAnyOrder("bridge", "host", "none", "busy");
        assertThat(engine.networkDriver.deleted).containsExactlyInAnyOrder(idle.id(), spare.id());
    }

    @Test
    void prune_labelFilter_onlyMatchingNetworksRemoved() throws IOException {
        start();
        create("scratch", Map.of("tmp", "1"));
        create("keep");

        List<String> pruned = service.prune(c -> c.labels().containsKey("tmp"));

        assertThat(pruned).containsExactly("scratch");
        assertThat(service.view().byName("keep")).isPresent();
        assertThat(service.view().all()).extracting(NetworkState.Active::config).extracting(NetworkConfig::name)
                .doesNotContain("scratch");
    }

    // --- config-only networks ---

    @Test
    void configOnly_holdsSettingsAndReservesNothing_configFromTakesThem_inUseUntilItsLastTakerGoes() throws IOException {
        start();
        NetworkConfig cfg = service.create("cfg", "bridge", "10.210.9.0/24", "10.210.9.254", "10.210.9.128/25", Map.of(),
                false, Map.of("parent", "eth0"), Map.of("site", "a"), null, false, true, "");
        assertThat(cfg.configOnly()).isTrue();
        assertThat(cfg.driver()).isEqualTo("null");
        assertThat(cfg.bridgeName()).isEmpty();
        // no driver heard of it, and its subnet is free for the network made from it (and for another config-only one)
        assertThat(engine.networkDriver.created).extracting(NetworkSpec::name).doesNotContain("cfg");
        service.create("cfg2", null, "10.210.9.0/24", null, null, Map.of(), false, Map.of(), Map.of(), null, false,
                true, "");
        NetworkConfig lan = service.create("lan", "bridge", null, null, null, Map.of(), false, Map.of(), Map.of(), null,
                false, false, "cfg");
        assertThat(List.of(lan.subnet(), lan.gateway(), lan.ipRange(), lan.configFrom()))
                .containsExactly("10.210.9.0/24", "10.210.9.254", "10.210.9.128/25", "cfg");
        assertThat(lan.options()).isEqualTo(Map.of("parent", "eth0"));
        assertThat(lan.labels()).isEqualTo(Map.of("site", "a"));
        assertThat(engine.networkDriver.created).extracting(NetworkSpec::name).contains("lan");

        assertThat(failure(() -> service.remove("cfg")))
                .hasMessage("configuration network \"cfg\" is in use")
                .extracting(EngineException::kind).isEqualTo(ErrorKind.FORBIDDEN);
        assertThat(failure(() -> service.create("x", null, null, null, null, Map.of(), false, Map.of("a", "b"), Map.of(),
                null, false, false, "cfg"))).hasMessage(
                        "network driver options are not supported if the network depends on a configuration network");
        assertThat(failure(() -> service.create("x", null, "10.210.20.0/24", null, null, Map.of(), false, Map.of(),
                Map.of(), null, false, false, "cfg"))).hasMessage(
                        "user specified configurations are not supported if the network depends on a configuration network");
        assertThat(failure(() -> service.create("x", null, null, null, null, Map.of(), false, Map.of(), Map.of(), null,
                false, false, "lan"))).hasMessage("configuration network \"lan\" does not exist")
                .extracting(EngineException::kind).isEqualTo(ErrorKind.NOT_FOUND);
        assertThat(failure(() -> service.create("x", null, null, null, null, Map.of(), false, Map.of(), Map.of(), null,
                true, true, ""))).hasMessageContaining("[ ingress | internal | attachable | scope ] are not supported.");
        // prune passes over config-only networks, as dockerd's does
        assertThat(service.prune(c -> true)).containsExactly("lan");
        service.remove("cfg");
        assertThat(service.view().byName("cfg")).isEmpty();
    }
}
