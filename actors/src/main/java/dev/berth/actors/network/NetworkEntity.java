package dev.berth.actors.network;

import dev.berth.actors.support.Done;
import dev.berth.actors.support.Journaling;
import dev.berth.actors.support.LiveEvents;
import dev.berth.actors.support.Reply;
import dev.berth.persistence.Tags;
import dev.berth.persistence.network.Endpoint;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.spi.EngineException;
import dev.berth.spi.network.Ipv6Cidr;
import dev.berth.spi.ErrorKind;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One network. It owns address allocation: an address is journaled with its endpoint before any
 * driver wires it, and it is the only writer of its addresses, so none is ever handed out twice.
 */
public final class NetworkEntity extends EventSourcedBehaviorWithEnforcedReplies<NetworkCommand, NetworkEvent, NetworkState> {
    private final String id;
    private final NetworkView view;
    private final Journaling<NetworkEvent, NetworkState> journal;

    private NetworkEntity(String id, NetworkView view, LiveEvents live, ActorContext<NetworkCommand> ctx) {
        super(persistenceId(id));
        this.id = id;
        this.view = view;
        this.journal = new Journaling<>(persistenceId().id(), s -> view.update(id, s), live,
                () -> lastSequenceNumber(ctx));
    }

    public static PersistenceId persistenceId(String id) {
        return PersistenceId.of("network", id, "|");
    }

    public static Behavior<NetworkCommand> create(String id, NetworkView view, LiveEvents live) {
        return Behaviors.setup(ctx -> new NetworkEntity(id, view, live, ctx));
    }

    @Override
    public NetworkState emptyState() {
        return NetworkState.empty();
    }

    @Override
    public Set<String> tagsFor(NetworkEvent event) {
        return Tags.of(Tags.NETWORK);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(200, 2);
    }

    /**
     * The read model was folded from the journal by ordering; an event the start put back after a kill
     * (AcknowledgedEvents) is folded after the ones that followed it, so the view can show an endpoint
     * whose Leave came later (and Leave then finds nothing to journal, so the view kept it for good).
     * The entity recovers in sequence order, which is the truth: it replaces the view's state on waking.
     */
    @Override
    public SignalHandler<NetworkState> signalHandler() {
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), s -> view.update(id, s)).build();
    }

    @Override
    public EventHandler<NetworkState, NetworkEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(NetworkState::apply);
    }

    /** The commands, each handled on behalf of whoever asked (a {@code Called} wrapper, from the registry). */
    @Override
    public CommandHandlerWithReply<NetworkCommand, NetworkEvent, NetworkState> commandHandler() {
        CommandHandlerWithReply<NetworkCommand, NetworkEvent, NetworkState> commands = commands();
        return (state, cmd) -> cmd instanceof NetworkCommand.Called c
                ? journal.as(c.caller(), () -> commands.apply(state, c.command()))
                : commands.apply(state, cmd);
    }

    private CommandHandlerWithReply<NetworkCommand, NetworkEvent, NetworkState> commands() {
        var b = newCommandHandlerWithReplyBuilder();
        b.forAnyState().onCommand(NetworkCommand.Sync.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(Done.DONE)));
        b.forStateType(NetworkState.None.class)
                .onCommand(NetworkCommand.Create.class, (s, c) -> persist(s, new NetworkEvent.Created(Instant.now(), c.config()))
                        .thenReply(c.replyTo(), x -> Reply.ok(Done.DONE)))
                .onCommand(NetworkCommand.Join.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
                .onCommand(NetworkCommand.Leave.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(NetworkCommand.Remove.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
                .onCommand(NetworkCommand.Readdress.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
                .onCommand(NetworkCommand.Rename.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(null)))
                .onCommand(NetworkCommand.SetPorts.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(null)));
        b.forStateType(NetworkState.Gone.class)
                .onCommand(NetworkCommand.Create.class, (s, c) -> Effect().reply(c.replyTo(),
                        Reply.error(ErrorKind.CONFLICT, "network id " + id + " was removed")))
                .onCommand(NetworkCommand.Join.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
                .onCommand(NetworkCommand.Leave.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(NetworkCommand.Remove.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
                .onCommand(NetworkCommand.Readdress.class, (s, c) -> Effect().reply(c.replyTo(), notFound()))
                .onCommand(NetworkCommand.Rename.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(null)))
                .onCommand(NetworkCommand.SetPorts.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(null)));
        b.forStateType(NetworkState.Active.class)
                .onCommand(NetworkCommand.Create.class, (s, c) -> Effect().reply(c.replyTo(), Reply.ok(Done.DONE)))
                .onCommand(NetworkCommand.Join.class, this::join)
                .onCommand(NetworkCommand.Leave.class, this::leave)
                .onCommand(NetworkCommand.Remove.class, this::remove)
                .onCommand(NetworkCommand.Readdress.class, this::readdress)
                .onCommand(NetworkCommand.Rename.class, this::rename)
                .onCommand(NetworkCommand.SetPorts.class, this::setPorts);
        return b.build();
    }

    private ReplyEffect<NetworkEvent, NetworkState> join(NetworkState.Active s, NetworkCommand.Join c) {
        Endpoint existing = s.endpoints().get(c.containerId());
        if (existing != null) {
            return Effect().reply(c.replyTo(), Reply.ok(existing));
        }
        String ip = "";
        String mac = "";
        if (!s.config().subnet().isEmpty()) {
            long addr;
            try {
                addr = allocate(s, c.requestedIp());
            } catch (EngineException e) {
                return Effect().reply(c.replyTo(), Reply.error(e));
            }
            ip = Ipv4.format(addr);
            mac = c.requestedMac() == null || c.requestedMac().isEmpty() ? Ipv4.mac(addr) : c.requestedMac();
        }
        String ip6 = "";
        if (s.config().ipv6()) {
            try {
                ip6 = Ipv6Cidr.formatAddress(allocate6(s, c.requestedIp6()));
            } catch (EngineException e) {
                return Effect().reply(c.replyTo(), Reply.error(e));
            }
        } else if (c.requestedIp6() != null && !c.requestedIp6().isEmpty()) {
            return Effect().reply(c.replyTo(), Reply.error(EngineException.invalid("invalid endpoint settings:\n"
                    + "user specified IP address is supported only when connecting to networks with user configured "
                    + "subnets")));
        }
        var endpoint = new Endpoint(c.containerId(), c.containerName(), ip, mac, c.aliases(), c.ports(),
                c.interfaceName(), c.links(), ip6);
        return persist(s, new NetworkEvent.EndpointJoined(Instant.now(), endpoint))
                .thenReply(c.replyTo(), x -> Reply.ok(endpoint));
    }

    /** The requested address if free and inside the network, else the lowest free one in the range. */
    static long allocate(NetworkState.Active s, String requested) {
        var subnet = Ipv4.Cidr.parse(s.config().subnet());
        var range = s.config().ipRange().isEmpty() ? subnet : Ipv4.Cidr.parse(s.config().ipRange());
        long gateway = s.config().gateway().isEmpty() ? -1 : Ipv4.parse(s.config().gateway());
        Set<Long> used = new HashSet<>();
        s.endpoints().values().forEach(e -> {
            if (!e.ip().isEmpty()) {
                used.add(Ipv4.parse(e.ip()));
            }
        });
        s.config().auxAddresses().values().forEach(a -> used.add(Ipv4.parse(a))); // reserved, as dockerd's IPAM
        if (requested != null && !requested.isEmpty()) {
            long addr = Ipv4.parse(requested);
            if (!subnet.contains(addr)) {
                throw EngineException.invalid("invalid endpoint settings:\nno configured subnet or ip-range contain the IP address "
                        + requested);
            }
            if (used.contains(addr) || addr == gateway || addr == subnet.first() || addr == subnet.last()) {
                throw EngineException.conflict("Address already in use");
            }
            return addr;
        }
        for (long a = Math.max(range.first(), subnet.first() + 1); a <= Math.min(range.last(), subnet.last() - 1); a++) {
            if (a != gateway && !used.contains(a)) {
                return a;
            }
        }
        throw EngineException.unavailable("no available IPv4 addresses on this network's address pools: "
                + s.config().name() + " (" + s.config().id() + ")", null);
    }

    /**
     * The requested IPv6 address if free and inside the network's IPv6 subnet, else the lowest free one above the
     * subnet's first address (its subnet-router anycast address, never handed out), as dockerd 28 allocates.
     */
    static java.math.BigInteger allocate6(NetworkState.Active s, String requested) {
        var subnet = Ipv6Cidr.parse(s.config().subnet6());
        var gateway = Ipv6Cidr.parseAddress(s.config().gateway6());
        Set<java.math.BigInteger> used = new HashSet<>();
        s.endpoints().values().forEach(e -> {
            if (!e.ip6().isEmpty()) {
                used.add(Ipv6Cidr.parseAddress(e.ip6()));
            }
        });
        if (requested != null && !requested.isEmpty()) {
            var addr = Ipv6Cidr.parseAddress(requested);
            if (!subnet.contains(addr)) {
                throw EngineException.invalid("invalid endpoint settings:\nno configured subnet or ip-range contain "
                        + "the IP address " + requested);
            }
            if (used.contains(addr) || addr.equals(gateway) || addr.equals(subnet.first())) {
                throw EngineException.conflict("Address already in use");
            }
            return addr;
        }
        for (var a = subnet.first().add(java.math.BigInteger.ONE); a.compareTo(subnet.last()) <= 0;
             a = a.add(java.math.BigInteger.ONE)) {
            if (!a.equals(gateway) && !used.contains(a)) {
                return a;
            }
        }
        throw EngineException.unavailable("no available IPv6 addresses on this network's address pools: "
                + s.config().name() + " (" + s.config().id() + ")", null);
    }

    private ReplyEffect<NetworkEvent, NetworkState> leave(NetworkState.Active s, NetworkCommand.Leave c) {
        if (!s.endpoints().containsKey(c.containerId())) {
            return Effect().reply(c.replyTo(), Reply.ok(Done.DONE));
        }
        return persist(s, new NetworkEvent.EndpointLeft(Instant.now(), c.containerId()))
                .thenReply(c.replyTo(), x -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<NetworkEvent, NetworkState> remove(NetworkState.Active s, NetworkCommand.Remove c) {
        if (s.config().builtIn()) {
            return Effect().reply(c.replyTo(), Reply.error(ErrorKind.FORBIDDEN,
                    s.config().name() + " is a pre-defined network and cannot be removed"));
        }
        if (!s.endpoints().isEmpty()) {
            return Effect().reply(c.replyTo(), Reply.error(ErrorKind.FORBIDDEN, "error while removing network: network "
                    + s.config().name() + " id " + id + " has active endpoints"));
        }
        return persist(s, new NetworkEvent.Removed(Instant.now())).thenReply(c.replyTo(), x -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<NetworkEvent, NetworkState> readdress(NetworkState.Active s, NetworkCommand.Readdress c) {
        if (s.config().subnet().equals(c.subnet()) && s.config().gateway().equals(c.gateway())
                && s.config().subnet6().equals(c.subnet6()) && s.config().gateway6().equals(c.gateway6())) {
            return Effect().reply(c.replyTo(), Reply.ok(Done.DONE));
        }
        if (!s.endpoints().isEmpty()) {
            return Effect().reply(c.replyTo(), Reply.error(ErrorKind.CONFLICT, "network " + s.config().name()
                    + " has active endpoints"));
        }
        return persist(s, new NetworkEvent.Readdressed(Instant.now(), c.subnet(), c.gateway(), c.subnet6(), c.gateway6()))
                .thenReply(c.replyTo(), x -> Reply.ok(Done.DONE));
    }

    private ReplyEffect<NetworkEvent, NetworkState> setPorts(NetworkState.Active s, NetworkCommand.SetPorts c) {
        return updateEndpoint(s, c.containerId(), e -> e.withPorts(c.ports()), c.replyTo(),
                () -> new NetworkEvent.EndpointPortsSet(Instant.now(), c.containerId(), c.ports()));
    }

    private ReplyEffect<NetworkEvent, NetworkState> rename(NetworkState.Active s, NetworkCommand.Rename c) {
        return updateEndpoint(s, c.containerId(), e -> e.withContainerName(c.name()), c.replyTo(),
                () -> new NetworkEvent.EndpointRenamed(Instant.now(), c.containerId(), c.name()));
    }

    /** A change to one container's endpoint: journaled when there is one and it changes; replies with it (or null). */
    private ReplyEffect<NetworkEvent, NetworkState> updateEndpoint(NetworkState.Active s, String containerId,
            java.util.function.UnaryOperator<Endpoint> change, ActorRef<Reply<Endpoint>> replyTo,
            java.util.function.Supplier<NetworkEvent> event) {
        Endpoint e = s.endpoints().get(containerId);
        Endpoint next = e == null ? null : change.apply(e);
        if (e == null || next.equals(e)) {
            return Effect().reply(replyTo, Reply.ok(e));
        }
        return persist(s, event.get()).thenReply(replyTo, x -> Reply.ok(next));
    }

    private <T> Reply<T> notFound() {
        return Reply.error(ErrorKind.NOT_FOUND, "network " + id + " not found");
    }

    private EffectBuilder<NetworkEvent, NetworkState> persist(NetworkState before, NetworkEvent event) {
        return journal.persist(Effect(), before, event);
    }
}
