package dev.berth.driver.bridge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Our chains in the kernel, through the {@code iptables} commands (iptables-nft or -legacy,
 * whichever the host has). Keeps the set of rules it knows are installed, so an endpoint's rules
 * go in or out with one {@code iptables-restore --noflush} per table (atomic, a few ms) instead of
 * one process per rule. Not thread-safe: the driver serialises calls.
 */
final class Iptables {

    private final ChainNames names;
    private final Rules rules;
    private final String command;
    private final Set<Rule> installed = new HashSet<>();

    /** IPv4's tables ({@code iptables}). */
    Iptables(ChainNames names) {
        this(names, "iptables");
    }

    /** @param command {@code iptables}, or {@code ip6tables} for the same chains in IPv6's tables */
    Iptables(ChainNames names, String command) {
        this.names = names;
        this.rules = new Rules(names);
        this.command = command;
    }

    /** Creates our chains and jumps if missing, and learns what our chains hold now. */
    void ensureBase() {
        for (Rule.Chain c : names.chains()) {
            if (!Commands.run(List.of(command, "-w", "-t", c.table(), "-S", c.name())).ok()) {
                Commands.check(List.of(command, "-w", "-t", c.table(), "-N", c.name()));
            }
        }
        for (Rule jump : rules.jumps()) {
            List<String> check = new ArrayList<>(List.of(command, "-w", "-t", jump.table(), "-C", jump.chain()));
            check.addAll(List.of(jump.spec().split(" ")));
            if (!Commands.run(check).ok()) {
                List<String> insert = new ArrayList<>(List.of(command, "-w", "-t", jump.table(), "-I", jump.chain(), "1"));
                insert.addAll(List.of(jump.spec().split(" ")));
                Commands.check(insert);
            }
        }
        reload();
    }

    /** Re-reads our chains from the kernel. */
    void reload() {
        installed.clear();
        installed.addAll(current());
    }

    Set<Rule> current() {
        Set<Rule> now = new LinkedHashSet<>();
        for (Rule.Chain c : names.chains()) {
            Commands.Result r = Commands.run(List.of(command, "-w", "-t", c.table(), "-S", c.name()));
            if (r.ok()) {
                now.addAll(Rules.parse(c.table(), c.name(), r.out()));
            }
        }
        return now;
    }

    /** Adds what is not installed yet. */
    void add(Collection<Rule> wanted) {
        List<Rule> missing = wanted.stream().filter(r -> !installed.contains(r)).distinct().toList();
        apply(List.of(), missing);
    }

    /** Removes what is installed of these. */
    void remove(Collection<Rule> unwanted) {
        List<Rule> present = unwanted.stream().filter(installed::contains).distinct().toList();
        apply(present, List.of());
    }

    /** Makes our chains hold exactly {@code desired}. */
    void sync(Set<Rule> desired) {
        reload();
        List<Rule> stale = installed.stream().filter(r -> !desired.contains(r)).toList();
        List<Rule> missing = desired.stream().filter(r -> !installed.contains(r)).toList();
        apply(stale, missing);
    }

    Set<Rule> installed() {
        return Set.copyOf(installed);
    }

    /** Removes jumps and chains when nothing of ours is left in them. */
    void removeBaseIfEmpty() {
        reload();
        if (!installed.isEmpty()) {
            return;
        }
        for (Rule jump : rules.jumps()) {
            List<String> del = new ArrayList<>(List.of(command, "-w", "-t", jump.table(), "-D", jump.chain()));
            del.addAll(List.of(jump.spec().split(" ")));
            for (int i = 0; i < 8 && Commands.run(del).ok(); i++) {
                // a jump inserted twice (two racing starts) comes out fully
            }
        }
        for (Rule.Chain c : names.chains()) {
            Commands.run(List.of(command, "-w", "-t", c.table(), "-F", c.name()));
            Commands.run(List.of(command, "-w", "-t", c.table(), "-X", c.name()));
        }
    }

    private void apply(List<Rule> delete, List<Rule> add) {
        if (delete.isEmpty() && add.isEmpty()) {
            return;
        }
        try {
            restore(delete, add);
        } catch (RuntimeException e) {
            // someone changed our chains behind our back: learn the truth and retry once
            reload();
            List<Rule> d = delete.stream().filter(installed::contains).toList();
            List<Rule> a = add.stream().filter(r -> !installed.contains(r)).toList();
            restore(d, a);
        }
        installed.removeAll(delete);
        installed.addAll(add);
    }

    private void restore(List<Rule> delete, List<Rule> add) {
        for (String table : List.of("filter", "nat")) {
            boolean touches = delete.stream().anyMatch(r -> r.table().equals(table))
                    || add.stream().anyMatch(r -> r.table().equals(table));
            if (touches) {
                Commands.check(Rules.restoreInput(table, delete, add), List.of(command + "-restore", "-w", "--noflush"));
            }
        }
    }
}
