package dev.berth.driver.bridge;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * This daemon's names on the host. Everything carries a short suffix derived from the exec root, so
 * two daemons (and dockerd) on one host never touch each other's chains, bridges or veths, and a
 * restarted daemon finds its own again.
 *
 * @param suffix 6 hex characters
 */
record ChainNames(String suffix) {

    /** How every berthd's bridge aliases begin, whatever its exec root. */
    static final String ALIAS_ROOT = "berth:";

    static ChainNames forExecRoot(Path execRoot) {
        return new ChainNames(sha256(execRoot.toAbsolutePath().normalize().toString()).substring(0, 6));
    }

    /** filter: per-network and per-port ACCEPTs; order inside does not matter. */
    String forward() {
        return "BERTH-" + suffix + "-FWD";
    }

    /** filter: isolation stage 1 (jumped before {@link #forward()}); internal-network DROPs. */
    String isolation() {
        return "BERTH-" + suffix + "-ISO";
    }

    /** filter: isolation stage 2, one DROP per bridge. */
    String isolation2() {
        return "BERTH-" + suffix + "-ISO2";
    }

    /** nat: DNAT for published ports, jumped from PREROUTING and OUTPUT for local destinations. */
    String dnat() {
        return "BERTH-" + suffix + "-NAT";
    }

    /** nat: MASQUERADE rules, jumped from POSTROUTING. */
    String postrouting() {
        return "BERTH-" + suffix + "-POST";
    }

    List<Rule.Chain> chains() {
        return List.of(new Rule.Chain("filter", isolation()), new Rule.Chain("filter", isolation2()),
                new Rule.Chain("filter", forward()), new Rule.Chain("nat", dnat()),
                new Rule.Chain("nat", postrouting()));
    }

    /** The ifalias on bridges we made: {@code berth:<suffix>:<network id>}. */
    String bridgeAlias(String networkId) {
        return aliasPrefix() + networkId;
    }

    String aliasPrefix() {
        return ALIAS_ROOT + suffix + ":";
    }

    /** The host end of an endpoint's veth pair: {@code vb} + 11 hex, unique per daemon, network and container. */
    String hostVeth(String networkId, String containerId) {
        return "vb" + sha256(suffix + ":" + networkId + ":" + containerId).substring(0, 11);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
