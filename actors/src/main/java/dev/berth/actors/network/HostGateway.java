package dev.berth.actors.network;

import java.util.ArrayList;
import java.util.List;

/**
 * Docker's special {@code --add-host NAME:host-gateway}: the word is replaced, when the container's
 * files are written, by the addresses containers reach the host at (dockerd's {@code
 * host-gateway-ips}, by default the default bridge's gateway), one line per address.
 */
final class HostGateway {
    static final String NAME = "host-gateway";

    private HostGateway() {
    }

    /**
     * @param extraHosts {@code name:ip} entries as created ({@code name=ip} is taken too, as the
     *                   runtime does)
     * @param addresses  what {@code host-gateway} stands for
     */
    static List<String> resolve(List<String> extraHosts, List<String> addresses) {
        List<String> out = new ArrayList<>();
        for (String entry : extraHosts) {
            int sep = entry.indexOf('=') >= 0 ? entry.indexOf('=') : entry.indexOf(':');
            if (sep > 0 && entry.substring(sep + 1).equals(NAME)) {
                String name = entry.substring(0, sep);
                addresses.forEach(ip -> out.add(name + ":" + ip));
            } else {
                out.add(entry);
            }
        }
        return List.copyOf(out);
    }
}
