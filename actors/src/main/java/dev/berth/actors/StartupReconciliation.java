package dev.berth.actors;

import dev.berth.actors.container.ContainerView;
import dev.berth.actors.container.Leftovers;
import dev.berth.actors.names.NamesCommand;
import dev.berth.actors.network.NetworkView;
import dev.berth.actors.support.Ask;
import dev.berth.actors.support.Done;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.names.NameState;
import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What berthd puts right at start, before the API serves, after a crash left the host or the name
 * directory behind the journal: the runtime leftovers of containers that are gone or do not run
 * ({@link Leftovers}), and names held for containers that are gone (a kill between a removal and its
 * name's release, or between a create's name reservation and its {@code Created} event) or missing
 * for containers that exist. Everything done is logged, one line per container or name.
 */
final class StartupReconciliation {
    private static final Logger LOG = LoggerFactory.getLogger(StartupReconciliation.class);

    private StartupReconciliation() {}

    /**
     * @param owned ids the journal says run or start: their entities were woken and reconcile themselves
     * @return what was cleaned, one line each (also logged)
     */
    static List<String> run(Leftovers leftovers, ContainerView containers, NetworkView networks, Set<String> owned,
                            ActorRef<NamesCommand> names, AtomicReference<NameState> nameState, Ask ask) {
        List<String> done = new ArrayList<>();
        for (Leftovers.Cleaned c : leftovers.clean(containers::get, owned,
                id -> networks.all().stream().anyMatch(n -> n.endpoints().containsKey(id)))) {
            done.add(c.toString());
        }
        done.addAll(names(containers, names, nameState, ask));
        done.forEach(line -> LOG.info("start-up reconciliation: {}", line));
        return done;
    }

    /** The name directory made to agree with the containers the journal holds. */
    static List<String> names(ContainerView containers, ActorRef<NamesCommand> names, AtomicReference<NameState> state,
                              Ask ask) {
        // A release nobody holds persists nothing and answers once the directory has recovered, so
        // the state it published at recovery is the journal's.
        ask.<NamesCommand, Done>call(names, r -> new NamesCommand.Release("", "", r));
        List<String> done = new ArrayList<>();
        Map<String, String> held = state.get().names();
        held.forEach((name, owner) -> {
            if (containers.get(owner).isEmpty()) {
                ask.<NamesCommand, Done>call(names, r -> new NamesCommand.Release(name, owner, r));
                done.add("name " + name + " released (container " + abbrev(owner) + " is gone)");
            }
        });
        for (ContainerState s : containers.all()) {
            String name = s.info().name();
            String id = s.info().id();
            if (!id.equals(held.get(name))) {
                try {
                    ask.<NamesCommand, Done>call(names, r -> new NamesCommand.Reserve(name, id, r));
                    done.add("name " + name + " reserved again for container " + abbrev(id));
                } catch (EngineException e) {
                    LOG.warn("start-up reconciliation: container {} is named {}, which another holds: {}", abbrev(id),
                            name, e.getMessage());
                }
            }
        }
        return done;
    }

    private static String abbrev(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
