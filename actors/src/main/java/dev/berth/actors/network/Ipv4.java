package dev.berth.actors.network;

import dev.berth.spi.EngineException;
import dev.berth.spi.network.Ipv4Cidr;

/** IPv4 addresses as unsigned longs, for address allocation; parsing is the SPI's. */
public final class Ipv4 {
    private Ipv4() {}

    /**
     * A CIDR block as unsigned arithmetic (allocation walks addresses), normalised to its network
     * address; parsing and its errors are the SPI's {@link Ipv4Cidr}'s.
     */
    public record Cidr(long network, int prefix) {
        public static Cidr parse(String text) {
            if (text == null || text.indexOf('/') < 0) {
                throw EngineException.invalid("invalid CIDR address: " + text);
            }
            Ipv4Cidr c = Ipv4Cidr.parse(text).network();
            return new Cidr(Integer.toUnsignedLong(c.address()), c.prefix());
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
        return Integer.toUnsignedLong(Ipv4Cidr.parseAddress(dotted.trim()));
    }

    /** Whether {@code text} is a dotted IPv4 address. */
    public static boolean isAddress(String text) {
        try {
            parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static String format(long addr) {
        return Ipv4Cidr.formatAddress((int) addr);
    }

    /** Docker's MAC for an address: 02:42 followed by the four address bytes. */
    public static String mac(long addr) {
        return String.format("02:42:%02x:%02x:%02x:%02x", (addr >> 24) & 255, (addr >> 16) & 255,
                (addr >> 8) & 255, addr & 255);
    }
}
