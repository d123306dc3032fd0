package dev.berth.driver.bridge;

import java.util.Objects;

/**
 * One iptables rule in one of our chains, kept in the exact form {@code iptables -S} prints it
 * ({@code -A CHAIN <spec>}), so the rules read back from the kernel compare equal to the ones we
 * generate.
 *
 * @param table {@code filter} or {@code nat}
 * @param chain one of {@link ChainNames#chains()}
 * @param spec  everything after {@code -A CHAIN }
 */
record Rule(String table, String chain, String spec) {

    Rule {
        Objects.requireNonNull(table);
        Objects.requireNonNull(chain);
        Objects.requireNonNull(spec);
    }

    /** The line for iptables-restore / as iptables -S prints it. */
    String append() {
        return "-A " + chain + " " + spec;
    }

    String delete() {
        return "-D " + chain + " " + spec;
    }

    /** A chain in a table. */
    record Chain(String table, String name) {
    }
}
