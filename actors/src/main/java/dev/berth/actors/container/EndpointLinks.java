package dev.berth.actors.container;

import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;

/**
 * Links on a user network ({@code docker run --network N --link NAME:ALIAS}, compose's {@code links:}):
 * ALIAS resolves to NAME on that network's embedded DNS for the linking container alone, as dockerd's
 * endpoint aliases do. Parsed as dockerd parses them ({@code NAME} alone is its own alias; a
 * {@code /NAME:/PARENT/ALIAS} form takes the last element) and kept as {@code NAME:ALIAS}. The target is
 * not checked: dockerd resolves it when asked, so it may start later.
 */
final class EndpointLinks {
    private EndpointLinks() {}

    /** @param userNetwork links name nothing on a built-in network (no embedded DNS): refused there */
    static List<String> check(List<String> links, boolean userNetwork) {
        if (links == null || links.isEmpty()) {
            return List.of();
        }
        if (!userNetwork) {
            throw EngineException.invalid("links on a network are supported only for user-defined networks; "
                    + "on the default bridge use HostConfig.Links");
        }
        List<String> out = new ArrayList<>();
        for (String link : links) {
            out.add(normalise(link));
        }
        return out;
    }

    /** {@code NAME:ALIAS}, dockerd's ParseLink. */
    static String normalise(String link) {
        if (link == null || link.isEmpty()) {
            throw EngineException.invalid("empty string specified for links");
        }
        String[] parts = link.split(":", -1);
        if (parts.length > 2) {
            throw EngineException.invalid("bad format for links: " + link);
        }
        if (parts.length == 1) {
            return link + ":" + link;
        }
        if (parts[0].startsWith("/")) {
            String alias = parts[1].substring(parts[1].lastIndexOf('/') + 1);
            return parts[0].substring(1) + ":" + alias;
        }
        return parts[0] + ":" + parts[1];
    }
}
