package dev.berth.actors.network;

import dev.berth.actors.support.Ask;
import dev.berth.actors.support.Done;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import dev.berth.spi.lookup.DriverLookup;
import dev.berth.spi.network.NetworkDriver;
import dev.berth.spi.network.Ipv6Cidr;
import dev.berth.spi.network.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network workflows: the three built-in networks, create (subnet from the pools, journal, then the
 * driver), remove, prune. Containers are wired by {@link NetworkAttacher}. Blocking; called from
 * request threads and the blocking dispatcher.
 */
public final class NetworkService {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkService.class);

    /** Names every daemon has; Docker refuses to create or remove them. */
    public static final List<String> BUILT_IN = List.of("bridge", "host", "none");
    /** Names no user network may take: the built-ins and {@code default} (NetworkMode's word for bridge). */
    private static final List<String> PREDEFINED = List.of("bridge", "host", "none", "default");

    /** Drivers the engine provides itself: their networks need no driver of the daemon's. */
    static final List<String> ENGINE_DRIVERS = List.of("host", "null");
    /** dockerd's built-in drivers Berth has not: said by name, not "plugin not found". */
    private static final Map<String, String> MISSING_BUILT_INS = Map.of(
            "ipvlan", "the ipvlan network driver is not supported by Berth yet (macvlan is)",
            // dockerd's answer on a node outside a swarm (a 403)
            "overlay", "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect "
                    + "this node to swarm and try again.");

    private final ActorRef<NetworkRegistry.Envelope> networks;
    private final NetworkView view;
    private final Map<String, NetworkDriver> drivers;
    private final SubnetPools pools;
    private final Ask ask;
    private final List<String> hostGatewayIps;
    private final DriverLookup lookup;

    /**
     * @param drivers        every network driver found and running, by the name users give to {@code -d}
     * @param hostGatewayIps dockerd's {@code host-gateway-ips}; empty = the default bridge's gateway
     */
    public NetworkService(ActorRef<NetworkRegistry.Envelope> networks, NetworkView view,
                          Map<String, NetworkDriver> drivers, SubnetPools pools, Ask ask, List<String> hostGatewayIps) {
        this(networks, view, drivers, pools, ask, hostGatewayIps, DriverLookup.NONE);
    }

    /** @param lookup asked about a driver name none of {@code drivers} has, to refuse a Docker network plugin by name */
    public NetworkService(ActorRef<NetworkRegistry.Envelope> networks, NetworkView view,
                          Map<String, NetworkDriver> drivers, SubnetPools pools, Ask ask, List<String> hostGatewayIps,
                          DriverLookup lookup) {
        this.lookup = lookup;
        this.networks = networks;
        this.view = view;
        this.drivers = Map.copyOf(drivers);
        this.pools = pools;
        this.ask = ask;
        this.hostGatewayIps = List.copyOf(hostGatewayIps);
    }

    /** What {@code --add-host NAME:host-gateway} stands for. */
    List<String> hostGatewayIps() {
        return hostGatewayIps.isEmpty() ? List.of(view.resolve("bridge").config().gateway()) : hostGatewayIps;
    }

    private volatile Map<String, String> defaultBridgeOptions = Map.of();
    private volatile Map<String, Map<String, String>> defaultNetworkOpts = Map.of();

    private final java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();

    public NetworkView view() {
        return view;
    }

    /** Host networking matches the journal (after the start-up restore). */
    public void markReady() {
        ready.complete(null);
    }

    /** Network changes wait until the start-up restore is done, so it cannot undo them. */
    void awaitReady() {
        try {
            ready.get(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.unavailable("interrupted while host networking is restored", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw EngineException.unavailable("host networking is not restored yet", e);
        }
    }

    /**
     * The driver that wires {@code network}: the one its {@code driver} names, among the daemon's own
     * or else a Docker network plugin found by name (looked for, within its bound, when first used).
     */
    NetworkDriver driver(NetworkConfig network) {
        return driverNamed(network.driver())
                .orElseThrow(() -> EngineException.notFound("plugin \"" + network.driver() + "\" not found"));
    }

    private Optional<NetworkDriver> driverNamed(String name) {
        NetworkDriver driver = drivers.get(name);
        return driver != null ? Optional.of(driver) : lookup.networkDriver(name);
    }

    /** The drivers, by name. */
    Map<String, NetworkDriver> drivers() {
        return drivers;
    }

    /** Networks a driver wires (all but host and none). */
    static boolean wired(NetworkConfig network) {
        return !ENGINE_DRIVERS.contains(network.driver());
    }

    Ask ask() {
        return ask;
    }

    ActorRef<NetworkRegistry.Envelope> entities() {
        return networks;
    }

    /** At start-up: the built-in networks exist in the journal. */
    public void ensureBuiltIns(String bridgeName, String bip) {
        if (view.byName("bridge").isEmpty()) {
            String subnet;
            String gateway;
            if (bip != null && !bip.isEmpty()) {
                subnet = Ipv4.Cidr.parse(bip).toString();
                gateway = gatewayOf(bip);
            } else {
                var cidr = pools.next(takenSubnets(), true);
                subnet = cidr.toString();
                gateway = Ipv4.format(cidr.first() + 1);
            }
            journal(new NetworkConfig(Names.newId(), "bridge", "bridge", subnet, gateway, "", false, true,
                    bridgeName, Map.of("com.docker.network.bridge.default_bridge", "true",
                            "com.docker.network.bridge.name", bridgeName), Map.of()));
        }
        if (view.byName("host").isEmpty()) {
            journal(new NetworkConfig(Names.newId(), "host", "host", "", "", "", false, true, "", Map.of(), Map.of()));
        }
        if (view.byName("none").isEmpty()) {
            journal(new NetworkConfig(Names.newId(), "none", "null", "", "", "", false, true, "", Map.of(), Map.of()));
        }
    }

    /**
     * At start-up, once the containers have re-adopted their processes: a {@code --bip} (or daemon.json
     * {@code bip}) other than the journal's moves the default bridge there, and {@code --ipv6} ({@code ipv6})
     * gives it an IPv6 subnet — {@code --fixed-cidr-v6}, else the journal's, else the next /64 of the daemon's ULA
     * prefix — or, without it, takes IPv6 away, as dockerd sets docker0 up from its configuration at each start; the
     * driver's restore then readdresses the device. Refused, and the daemon's start with it, while containers are
     * attached to it (their addresses are in the old subnets) or when another network holds an overlapping subnet.
     *
     * @param bip  null: the journal's IPv4 address
     * @param ipv6 null: no IPv6; "": IPv6 on a subnet of the daemon's choosing; else the {@code fixed-cidr-v6}
     */
    public void applyBip(String bip, String ipv6) {
        NetworkState.Active bridge = view.byName("bridge").orElse(null);
        if (bridge == null) {
            return;
        }
        NetworkConfig now = bridge.config();
        String subnet = now.subnet();
        String gateway = now.gateway();
        if (bip != null && !bip.isEmpty()) {
            subnet = Ipv4.Cidr.parse(bip).toString();
            gateway = gatewayOf(bip);
        }
        String subnet6 = "";
        String gateway6 = "";
        if (ipv6 != null) {
            Ipv6Cidr net6 = !ipv6.isEmpty() ? Ipv6Cidr.parse(ipv6).network()
                    : now.ipv6() ? Ipv6Cidr.parse(now.subnet6())
                    : nextUla(takenSubnets6());
            subnet6 = net6.toString();
            gateway6 = subnet6.equals(now.subnet6()) ? now.gateway6()
                    : Ipv6Cidr.formatAddress(net6.first().add(java.math.BigInteger.ONE));
        }
        if (subnet.equals(now.subnet()) && gateway.equals(now.gateway()) && subnet6.equals(now.subnet6())
                && gateway6.equals(now.gateway6())) {
            return;
        }
        String current = now.gateway() + now.subnet().substring(now.subnet().indexOf('/'));
        List<String> changes = new ArrayList<>();
        boolean moved4 = !subnet.equals(now.subnet()) || !gateway.equals(now.gateway());
        if (moved4) {
            changes.add("--bip " + bip);
        }
        if (!subnet6.equals(now.subnet6())) {
            changes.add(subnet6.isEmpty() ? "a default bridge without IPv6 (no --ipv6)" : "--ipv6 (" + subnet6 + ")");
        }
        if (!bridge.endpoints().isEmpty()) {
            String names = bridge.endpoints().values().stream().map(e -> e.containerName().replaceFirst("^/", ""))
                    .sorted().collect(java.util.stream.Collectors.joining(", "));
            throw EngineException.conflict(String.join(" and ", changes) + " cannot be applied: containers are attached "
                    + "to the default bridge (" + current + (now.ipv6() ? ", " + now.subnet6() : "") + "): " + names
                    + "; stop them first, or start berthd with --bip " + current
                    + (now.ipv6() ? " --ipv6 --fixed-cidr-v6 " + now.subnet6() : ""));
        }
        var wanted = Ipv4.Cidr.parse(subnet);
        for (NetworkState.Active other : view.all()) {
            if (other == bridge) {
                continue;
            }
            if (moved4 && !other.config().subnet().isEmpty()
                    && Ipv4.Cidr.parse(other.config().subnet()).overlaps(wanted)) {
                throw EngineException.conflict("--bip " + bip + " overlaps network " + other.config().name() + " ("
                        + other.config().subnet() + ")");
            }
            if (!subnet6.isEmpty() && other.config().ipv6()
                    && Ipv6Cidr.parse(other.config().subnet6()).overlaps(Ipv6Cidr.parse(subnet6))) {
                throw EngineException.conflict("--fixed-cidr-v6 " + subnet6 + " overlaps network " + other.config().name()
                        + " (" + other.config().subnet6() + ")");
            }
        }
        String s6 = subnet6;
        String g6 = gateway6;
        String s4 = subnet;
        String g4 = gateway;
        ask.<NetworkRegistry.Envelope, Done>call(networks,
                r -> new NetworkRegistry.Envelope(now.id(), new NetworkCommand.Readdress(s4, g4, s6, g6, r)));
        LOG.info("default bridge {}: {}", now.bridgeName(), String.join(" and ", changes));
    }

    /** The bridge's own address in a {@code --bip} value ({@code 10.1.0.1/24} → {@code 10.1.0.1}). */
    private static String gatewayOf(String bip) {
        return bip.substring(0, bip.indexOf('/'));
    }

    /**
     * At start-up, before serving: the default bridge's device is free or this daemon's. Another
     * daemon's bridge of the same name would leave this one serving with a network it cannot wire
     * (every run failing), so the daemon refuses to start and says what to pass instead.
     *
     * @param configured the name asked for now ({@code --bridge}), to tell whether it is the journal's
     */
    public void checkDefaultBridge(String configured) {
        NetworkConfig bridge = view.resolve("bridge").config();
        NetworkDriver driver = drivers.get(bridge.driver());
        if (driver == null) {
            return; // not loaded here: docker info says why, and nothing can be wired on it anyway
        }
        try {
            driver.checkDeviceAvailable(spec(bridge));
        } catch (EngineException e) {
            String advice = bridge.bridgeName().equals(configured)
                    ? "give this daemon a bridge of its own with --bridge NAME (or \"bridge\" in daemon.json)"
                    : "this data root's journal fixed the default bridge's name at its first start, so --bridge "
                            + configured + " applies only to a new data root; stop the daemon that holds "
                            + bridge.bridgeName() + " or start this one on a new data root";
            throw new EngineException(e.kind(), "default bridge " + bridge.bridgeName() + " cannot be used: "
                    + e.getMessage() + "; " + advice, e);
        }
    }

    /** The driver's view of a network. */
    public NetworkSpec spec(NetworkConfig c) {
        return new NetworkSpec(c.id(), c.name(), c.bridgeName(), c.subnet(), c.gateway(),
                c.ipRange().isEmpty() ? null : c.ipRange(), c.internal(), c.builtIn(), options(c), c.labels(),
                c.ipv6() ? c.subnet6() : null, c.ipv6() ? c.gateway6() : null);
    }

    /** The daemon's {@code default-network-opts}: per driver, the options of networks created without them. */
    public NetworkService withDefaultNetworkOpts(Map<String, Map<String, String>> opts) {
        this.defaultNetworkOpts = Map.copyOf(opts);
        return this;
    }

    /** The daemon's {@code ip}, {@code mtu} and {@code ip-masq} for the default bridge (each start's). */
    public NetworkService withDefaultBridgeOptions(Map<String, String> options) {
        this.defaultBridgeOptions = Map.copyOf(options);
        return this;
    }

    /**
     * A network's driver options as they apply now: the journaled ones, and for the default bridge the
     * daemon's settings over them (dockerd sets its default bridge up from its configuration at each start).
     */
    public Map<String, String> options(NetworkConfig c) {
        if (defaultBridgeOptions.isEmpty() || !isDefaultBridge(c)) {
            return c.options();
        }
        Map<String, String> merged = new java.util.TreeMap<>(c.options());
        merged.putAll(defaultBridgeOptions);
        return merged;
    }

    static boolean isDefaultBridge(NetworkConfig c) {
        return c.builtIn() && "true".equals(c.options().get("com.docker.network.bridge.default_bridge"));
    }

    /** Networks with this driver. */
    List<NetworkConfig> networksOf(String driverName) {
        return view.all().stream().map(NetworkState.Active::config).filter(c -> c.driver().equals(driverName)).toList();
    }

    /**
     * {@code docker network create}. Subnet, gateway and range are validated (Docker's wording);
     * without a subnet the next free pool that overlaps no network and no host route is taken.
     */
    public NetworkConfig create(String name, String driverName, String subnet, String gateway, String ipRange,
                                boolean internal, Map<String, String> options, Map<String, String> labels) {
        return create(name, driverName, subnet, gateway, ipRange, Map.of(), internal, options, labels);
    }

    /**
     * With {@code --aux-address}es: each must lie in the subnet (dockerd's "invalid network config"
     * wording) and is never handed to a container; one on the gateway is taken already.
     */
    public NetworkConfig create(String name, String driverName, String subnet, String gateway,
                                String ipRange, Map<String, String> auxAddresses, boolean internal,
                                Map<String, String> options, Map<String, String> labels) {
        return create(name, driverName, subnet, gateway, ipRange, auxAddresses, internal, options, labels, null);
    }

    /**
     * A network with IPv6 (Docker's {@code EnableIPv6}): {@code subnet} and {@code gateway} as the create's IPv6 pool
     * gave them, either may be empty: no subnet takes the next free /64 of this daemon's ULA /48 (dockerd's
     * {@code deriveULABaseNetwork}), no gateway the subnet's first host address.
     */
    public record Ipv6Request(String subnet, String gateway) {
        public Ipv6Request {
            subnet = subnet == null ? "" : subnet;
            gateway = gateway == null ? "" : gateway;
        }
    }

    /** @param ipv6 the network's IPv6, or null for a network without */
    public NetworkConfig create(String name, String driverName, String subnet, String gateway, String ipRange,
                                Map<String, String> auxAddresses, boolean internal, Map<String, String> options,
                                Map<String, String> labels, Ipv6Request ipv6) {
        return create(name, driverName, subnet, gateway, ipRange, auxAddresses, internal, options, labels, ipv6, false);
    }

    /** @param attachable {@code --attachable}, recorded (every container may attach to a local network) */
    public NetworkConfig create(String name, String driverName, String subnet, String gateway,
                                String ipRange, Map<String, String> auxAddresses, boolean internal,
                                Map<String, String> options, Map<String, String> labels,
                                Ipv6Request ipv6, boolean attachable) {
        return create(name, driverName, subnet, gateway, ipRange, auxAddresses, internal, options, labels, ipv6,
                attachable, false, "");
    }

    /**
     * @param configOnly {@code --config-only}: journaled with its settings as given, driver {@code null}, nothing
     *                   reserved or wired (dockerd's rules: no operator fields such as internal or attachable)
     * @param configFrom {@code --config-from NAME}: the settings are that config-only network's, and the request may
     *                   carry none of its own (dockerd's rules and words)
     */
    public synchronized NetworkConfig create(String name, String driverName, String subnet, String gateway,
                                             String ipRange, Map<String, String> auxAddresses, boolean internal,
                                             Map<String, String> options, Map<String, String> labels,
                                             Ipv6Request ipv6, boolean attachable, boolean configOnly,
                                             String configFrom) {
        boolean hasConfigFrom = configFrom != null && !configFrom.isEmpty();
        if (configOnly && (internal || attachable)) {
            throw new EngineException(ErrorKind.FORBIDDEN, "configuration network can only contain network specific "
                    + "fields. Network operator fields like [ ingress | internal | attachable | scope ] are not supported.");
        }
        if (configOnly && ipv6 != null) {
            throw EngineException.invalid("IPv6 in a config-only network is not supported by Berth yet");
        }
        if (configOnly && hasConfigFrom) {
            throw new EngineException(ErrorKind.FORBIDDEN,
                    "a configuration network cannot depend on another configuration network");
        }
        if (hasConfigFrom) {
            if (notEmpty(subnet) || notEmpty(gateway) || notEmpty(ipRange) || (auxAddresses != null && !auxAddresses.isEmpty())
                    || ipv6 != null || (labels != null && !labels.isEmpty())) {
                throw new EngineException(ErrorKind.FORBIDDEN,
                        "user specified configurations are not supported if the network depends on a configuration network");
            }
            if (options != null && !options.isEmpty()) {
                throw new EngineException(ErrorKind.FORBIDDEN,
                        "network driver options are not supported if the network depends on a configuration network");
            }
            NetworkConfig from = view.byName(configFrom).map(NetworkState.Active::config).filter(NetworkConfig::configOnly)
                    .orElseThrow(() -> EngineException.notFound("configuration network \"" + configFrom + "\" does not exist"));
            // a config-only network has no IPv6 (refused above), so neither has the one made from it
            return createChecked(name, driverName, from.subnet(), from.gateway(), from.ipRange(), from.auxAddresses(),
                    internal, from.options(), from.labels(), null, attachable, false, from.name());
        }
        return createChecked(name, driverName, subnet, gateway, ipRange, auxAddresses, internal, options, labels, ipv6,
                attachable, configOnly, "");
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private NetworkConfig createChecked(String name, String driverName, String subnet, String gateway,
                                        String ipRange, Map<String, String> auxAddresses, boolean internal,
                                        Map<String, String> options, Map<String, String> labels,
                                        Ipv6Request ipv6, boolean attachable, boolean configOnly, String configFrom) {
        if (PREDEFINED.contains(name)) {
            // dockerd's message, trailing space included.
            throw new EngineException(ErrorKind.FORBIDDEN, "operation is not permitted on predefined " + name + " network ");
        }
        if (view.byName(name).isPresent()) {
            throw EngineException.conflict("network with name " + name + " already exists");
        }
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9_.-]*")) {
            throw EngineException.invalid("invalid network name \"" + name + "\"");
        }
        awaitReady();
        String kind = driverName == null || driverName.isEmpty() ? "bridge" : driverName;
        // the daemon's default-network-opts for this driver fill what the create did not set, and are kept with
        // the network, as dockerd keeps them
        if (configOnly) {
            kind = "null"; // dockerd's: a config-only network is never wired, by any driver
        }
        Map<String, String> defaults = configOnly || !configFrom.isEmpty() ? Map.of()
                : defaultNetworkOpts.getOrDefault(kind, Map.of());
        if (!defaults.isEmpty()) {
            Map<String, String> merged = new java.util.TreeMap<>(defaults);
            if (options != null) {
                merged.putAll(options);
            }
            options = merged;
        }
        if (ENGINE_DRIVERS.contains(kind) && !configOnly) {
            throw new EngineException(ErrorKind.FORBIDDEN, "only one instance of \"" + kind + "\" network is allowed");
        }
        if (!configOnly && !drivers.containsKey(kind)) {
            String builtIn = MISSING_BUILT_INS.get(kind);
            if (builtIn != null) {
                throw kind.equals("overlay") ? new EngineException(ErrorKind.FORBIDDEN, builtIn)
                        : EngineException.invalid(builtIn);
            }
            lookup.unsupportedNetworkDriver(kind).ifPresent(reason -> {
                throw EngineException.invalid(reason);
            });
            if (lookup.networkDriver(kind).isEmpty()) {
                throw EngineException.notFound("plugin \"" + kind + "\" not found");
            }
        }
        Ipv4.Cidr net;
        Map<String, String> aux = auxAddresses == null ? Map.of() : new java.util.TreeMap<>(auxAddresses);
        if (subnet == null || subnet.isEmpty()) {
            if (!aux.isEmpty()) {
                throw EngineException.invalid("invalid pool request: auxiliary addresses given without a subnet");
            }
            if ((gateway != null && !gateway.isEmpty()) || (ipRange != null && !ipRange.isEmpty())) {
                throw EngineException.invalid("invalid pool request: gateway or ip-range given without a subnet");
            }
            // a config-only network without a subnet leaves the choice to each network made from it
            net = configOnly ? null : pools.next(takenSubnets(), false);
        } else {
            net = Ipv4.Cidr.parse(subnet);
            // a config-only network reserves nothing: the networks made from it do
            for (Ipv4.Cidr taken : configOnly ? List.<Ipv4.Cidr>of() : takenSubnets()) {
                if (taken.overlaps(net)) {
                    throw new EngineException(ErrorKind.FORBIDDEN,
                            "invalid pool request: Pool overlaps with other one on this address space");
                }
            }
        }
        if (net == null) {
            var config = new NetworkConfig(Names.newId(), name, kind, "", "", "", false, false, "",
                    options == null ? Map.of() : options, labels, Map.of(), "", "", false, true, "");
            journal(config);
            return config;
        }
        String gw = gateway == null || gateway.isEmpty() ? Ipv4.format(net.first() + 1) : gateway;
        if (!net.contains(Ipv4.parse(gw)) || Ipv4.parse(gw) == net.first() || Ipv4.parse(gw) == net.last()) {
            throw EngineException.invalid("failed to allocate gateway (" + gw + "): Address out of range");
        }
        StringBuilder badAux = new StringBuilder();
        for (var a : aux.entrySet()) {
            if (!Ipv4.isAddress(a.getValue())) {
                badAux.append("\ninvalid auxiliary address ").append(a.getKey()).append(": invalid address");
            } else if (!net.contains(Ipv4.parse(a.getValue()))) {
                badAux.append("\ninvalid auxiliary address ").append(a.getKey()).append(": parent subnet ").append(net)
                        .append(" doesn't contain this address");
            }
        }
        if (badAux.length() > 0) {
            throw EngineException.invalid("invalid network config:" + badAux);
        }
        for (var a : aux.entrySet()) {
            if (Ipv4.parse(a.getValue()) == Ipv4.parse(gw)) {
                throw EngineException.invalid("failed to allocate secondary ip address (" + a.getKey() + ":"
                        + a.getValue() + "): Address already in use");
            }
        }
        String range = "";
        if (ipRange != null && !ipRange.isEmpty()) {
            var r = Ipv4.Cidr.parse(ipRange);
            if (!net.contains(r.first()) || !net.contains(r.last())) {
                throw EngineException.invalid("invalid pool request: ip-range " + ipRange + " is not inside subnet " + net);
            }
            range = r.toString();
        }
        String subnet6 = "";
        String gateway6 = "";
        NetworkDriver wiring = drivers.get(kind);
        if (ipv6 != null && (wiring == null || !wiring.supportsIpv6())) {
            // a driver that does not say it wires IPv6 (SPI 1.7; a Docker network plugin is told nothing of it yet):
            // addresses it would not put on anything are not handed out
            throw EngineException.invalid("EnableIPv6 on a network of driver \"" + kind + "\" is not supported by "
                    + "Berth yet: IPv6 networks are the bridge and macvlan drivers'");
        }
        if (ipv6 != null) {
            Ipv6Cidr net6;
            if (ipv6.subnet().isEmpty()) {
                if (!ipv6.gateway().isEmpty()) {
                    throw EngineException.invalid("invalid pool request: gateway given without a subnet");
                }
                net6 = nextUla(takenSubnets6());
            } else {
                net6 = Ipv6Cidr.parse(ipv6.subnet()).network();
                for (Ipv6Cidr taken : takenSubnets6()) {
                    if (taken.overlaps(net6)) {
                        throw new EngineException(ErrorKind.FORBIDDEN,
                                "invalid pool request: Pool overlaps with other one on this address space");
                    }
                }
            }
            java.math.BigInteger gw6 = ipv6.gateway().isEmpty() ? net6.first().add(java.math.BigInteger.ONE)
                    : Ipv6Cidr.parseAddress(ipv6.gateway());
            if (!net6.contains(gw6) || gw6.equals(net6.first())) {
                throw EngineException.invalid("failed to allocate gateway (" + Ipv6Cidr.formatAddress(gw6)
                        + "): Address out of range");
            }
            subnet6 = net6.toString();
            gateway6 = Ipv6Cidr.formatAddress(gw6);
        }
        String id = Names.newId();
        Map<String, String> opts = options == null ? Map.of() : options;
        String bridge = configOnly ? "" : opts.getOrDefault("com.docker.network.bridge.name", "br-" + id.substring(0, 12));
        var config = new NetworkConfig(id, name, kind, net.toString(), gw, range, internal, false, bridge, opts,
                labels, aux, subnet6, gateway6, attachable, configOnly, configFrom);
        journal(config);
        if (configOnly) {
            return config;
        }
        try {
            driver(config).createNetwork(spec(config));
        } catch (RuntimeException e) {
            ask.<NetworkRegistry.Envelope, Done>call(networks, r -> new NetworkRegistry.Envelope(id, new NetworkCommand.Remove(r)));
            throw e;
        }
        return config;
    }

    private void journal(NetworkConfig config) {
        ask.<NetworkRegistry.Envelope, Done>call(networks,
                r -> new NetworkRegistry.Envelope(config.id(), new NetworkCommand.Create(config, r)));
    }

    private List<Ipv4.Cidr> takenSubnets() {
        List<Ipv4.Cidr> taken = new ArrayList<>();
        for (var n : view.all()) {
            if (!n.config().subnet().isEmpty() && !n.config().configOnly()) {
                taken.add(Ipv4.Cidr.parse(n.config().subnet()));
            }
        }
        return taken;
    }

    private List<Ipv6Cidr> takenSubnets6() {
        List<Ipv6Cidr> taken = new ArrayList<>();
        for (var n : view.all()) {
            if (n.config().ipv6() && !n.config().configOnly()) {
                taken.add(Ipv6Cidr.parse(n.config().subnet6()));
            }
        }
        return taken;
    }

    /**
     * The first /64 of this daemon's ULA /48 that no network holds. The /48 is dockerd's derivation (RFC 4193's
     * global id: the low 40 bits of the first 8 bytes of a SHA-256) from a stable id of the daemon's: Berth's
     * default bridge network's id, journaled at the data root's first start as dockerd's host id is kept.
     */
    private Ipv6Cidr nextUla(List<Ipv6Cidr> taken) {
        Ipv6Cidr base = ulaBase(view.byName("bridge").map(n -> n.config().id()).orElse(""));
        for (long k = 0; k < 65536; k++) {
            var candidate = new Ipv6Cidr(base.address().add(java.math.BigInteger.valueOf(k).shiftLeft(64)), 64);
            if (taken.stream().noneMatch(t -> t.overlaps(candidate))) {
                return candidate;
            }
        }
        throw EngineException.unavailable("could not find an available, non-overlapping IPv6 address pool among the "
                + "defaults to assign to the network", null);
    }

    /** {@code fdXX:XXXX:XXXX::/48} from {@code hostId}, as dockerd's {@code deriveULABaseNetwork}. */
    static Ipv6Cidr ulaBase(String hostId) {
        byte[] sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256").digest(hostId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        long first8 = java.nio.ByteBuffer.wrap(sha, 0, 8).getLong();
        long gid = first8 & ((1L << 40) - 1);
        var address = Ipv6Cidr.parseAddress("fd00::").add(java.math.BigInteger.valueOf(gid).shiftLeft(80));
        return new Ipv6Cidr(address, 48);
    }

    /** {@code docker network rm}: refused for built-ins and networks with endpoints. */
    public void remove(String ref) {
        var n = view.resolve(ref);
        if (n.config().configOnly()) {
            for (var other : view.all()) {
                if (other.config().configFrom().equals(n.config().name())) {
                    throw new EngineException(ErrorKind.FORBIDDEN,
                            "configuration network \"" + n.config().name() + "\" is in use");
                }
            }
        }
        awaitReady();
        String id = n.config().id();
        ask.<NetworkRegistry.Envelope, Done>call(networks, r -> new NetworkRegistry.Envelope(id, new NetworkCommand.Remove(r)));
        if (wired(n.config())) {
            Optional<NetworkDriver> driver;
            try {
                driver = driverNamed(n.config().driver());
            } catch (EngineException e) {
                LOG.warn("network {}: {}", n.config().name(), e.getMessage());
                driver = Optional.empty();
            }
            if (driver.isPresent()) {
                driver.get().deleteNetwork(id);
            } else {
                // the journal no longer lists it; its host state waits for the driver's next restore
                LOG.warn("network {} removed while its driver {} is not available", n.config().name(),
                        n.config().driver());
            }
        }
    }

    /** {@code docker network prune}: every user network without endpoints; returns their names. */
    public List<String> prune(java.util.function.Predicate<NetworkConfig> filter) {
        List<String> removed = new ArrayList<>();
        for (var n : view.all()) {
            if (n.config().builtIn() || n.config().configOnly() || !n.endpoints().isEmpty() || !filter.test(n.config())) {
                continue;
            }
            try {
                remove(n.config().id());
                removed.add(n.config().name());
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.FORBIDDEN && e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return removed;
    }

    /** Ids for networks, as containers' (64 hex). */
    private static final class Names {
        static String newId() {
            return dev.berth.actors.container.Names.newId();
        }
    }
}
