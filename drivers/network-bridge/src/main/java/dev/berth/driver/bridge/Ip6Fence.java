package dev.berth.driver.bridge;

import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * A network's IPv6 stays on its bridge: containers reach each other and the bridge's own address, and nothing is
 * routed into or out of the bridge over IPv6 (no NAT66 and no published IPv6 ports yet), whatever the host's
 * {@code net.ipv6.conf.all.forwarding} says. Two rules in ip6tables' {@code FORWARD} per bridge, marked with a
 * comment, so that another network's containers stay out (dockerd's isolation) on a host that forwards IPv6.
 */
final class Ip6Fence {
    static final String COMMENT = "berth: IPv6 stays on this bridge";

    private Ip6Fence() {}

    private static List<List<String>> rules(String bridge) {
        return List.of(
                List.of("-i", bridge, "!", "-o", bridge, "-m", "comment", "--comment", COMMENT, "-j", "DROP"),
                List.of("-o", bridge, "!", "-i", bridge, "-m", "comment", "--comment", COMMENT, "-j", "DROP"));
    }

    /** Puts the bridge's rules in, once. */
    static void fence(String bridge) {
        for (List<String> rule : rules(bridge)) {
            List<String> check = new ArrayList<>(List.of("ip6tables", "-w", "-C", "FORWARD"));
            check.addAll(rule);
            Commands.Result r;
            try {
                r = Commands.run(check);
            } catch (RuntimeException e) {
                throw EngineException.unavailable("a network with IPv6 needs ip6tables: " + e.getMessage(), e);
            }
            if (!r.ok()) {
                List<String> insert = new ArrayList<>(List.of("ip6tables", "-w", "-I", "FORWARD", "1"));
                insert.addAll(rule);
                Commands.check(insert);
            }
        }
    }

    /** Takes the bridge's rules out, if any are there (and if the host has ip6tables at all). */
    static void unfence(String bridge) {
        Commands.Result listed;
        try {
            listed = Commands.run(List.of("ip6tables", "-w", "-S", "FORWARD"));
        } catch (RuntimeException e) {
            return;
        }
        if (!listed.ok() || !listed.out().contains(bridge)) {
            return;
        }
        for (List<String> rule : rules(bridge)) {
            List<String> delete = new ArrayList<>(List.of("ip6tables", "-w", "-D", "FORWARD"));
            delete.addAll(rule);
            while (Commands.run(delete).ok()) {
                // a rule put in twice (by hand, or by a crash between check and insert) goes twice
            }
        }
    }
}
