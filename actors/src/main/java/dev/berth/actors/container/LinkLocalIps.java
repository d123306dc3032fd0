package dev.berth.actors.container;

import dev.berth.spi.EngineException;
import dev.berth.spi.network.Ipv4Cidr;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code IPAMConfig.LinkLocalIPs} ({@code --link-local-ip}): extra addresses on the endpoint's interface, each with a
 * /16 as dockerd adds them. Checked as dockerd checks them (a valid, specified address); IPv6 ones are refused, as
 * Berth has no IPv6 yet.
 */
final class LinkLocalIps {
    private LinkLocalIps() {}

    static List<String> check(List<String> ips) {
        if (ips == null || ips.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String ip : ips) {
            String text = ip == null ? "" : ip.strip();
            if (text.contains(":")) {
                throw EngineException.invalid("IPv6 link-local address " + text + " is not supported by Berth yet "
                        + "(no IPv6)");
            }
            int address;
            try {
                address = Ipv4Cidr.parseAddress(text);
            } catch (RuntimeException e) {
                throw EngineException.invalid("invalid endpoint settings:\ninvalid link-local IP address: " + text);
            }
            if (address == 0) {
                throw EngineException.invalid("invalid endpoint settings:\ninvalid link-local IP address: " + text);
            }
            out.add(text);
        }
        return out;
    }
}
