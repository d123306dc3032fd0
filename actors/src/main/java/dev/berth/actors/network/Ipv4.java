package dev.berth.actors.network;

import dev.berth.spi.EngineException;

/** IPv4 addresses and CIDR blocks as unsigned ints; parsing with Docker's error wording. */
public final class Ipv4 {
    private Ipv4() {}

    /** A CIDR block, normalised to its network address. */
    public record Cidr(long network, int prefix) {
        public static Cidr parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw EngineException.invalid("invalid CIDR address: " + text);
            }
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid CIDR address: " + text);
            }
            if (prefix < 0 || prefix > 32) {
                throw EngineException.invalid("invalid CIDR address: " + text);
            }
            long addr = Ipv4.parse(text.substring(0, slash));
            return new Cidr(addr & mask(prefix), prefix);
        }

        public long size() {
            return 1L << (32 - prefix);
        }

        public long first() {
            return network;
        }

        public long last() {
            return network + size() - 1;
        }

        public boolean contains(long addr) {
            return (addr & mask(prefix)) == network;
        }

        public boolean overlaps(Cidr other) {
            return contains(other.network) || other.contains(network);
        }

        @Override
        public String toString() {
            return format(network) + "/" + prefix;
        }
    }

    static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public static long parse(String dotted) {
        String[] parts = dotted.trim().split("\\.");
        if (parts.length != 4) {
            throw EngineException.invalid("invalid IP address: " + dotted);
        }
        long v = 0;
        for (String p : parts) {
            int octet;
            try {
                octet = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid IP address: " + dotted);
            }
            if (octet < 0 || octet > 255 || p.isEmpty()) {
                throw EngineException.invalid("invalid IP address: " + dotted);
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    public static String format(long addr) {
        return ((addr >> 24) & 255) + "." + ((addr >> 16) & 255) + "." + ((addr >> 8) & 255) + "." + (addr & 255);
    }

    /** Docker's MAC for an address: 02:42 followed by the four address bytes. */
    public static String mac(long addr) {
        return String.format("02:42:%02x:%02x:%02x:%02x", (addr >> 24) & 255, (addr >> 16) & 255,
                (addr >> 8) & 255, addr & 255);
    }
}
