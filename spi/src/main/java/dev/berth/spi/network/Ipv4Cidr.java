package dev.berth.spi.network;

import dev.berth.spi.EngineException;

/**
 * An IPv4 address with a prefix length, as written {@code 10.213.1.5/24}. Used both for subnets
 * ({@code 10.213.1.0/24}) and for an interface's address within its subnet.
 *
 * @param address the 32-bit address as written (host bits kept)
 * @param prefix  0..32
 */
public record Ipv4Cidr(int address, int prefix) {

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw EngineException.invalid("invalid prefix length " + prefix);
        }
    }

    /** Parses {@code a.b.c.d/n}; a bare address is {@code /32}. */
    public static Ipv4Cidr parse(String text) {
        if (text == null) {
            throw EngineException.invalid("missing IPv4 address");
        }
        int slash = text.indexOf('/');
        int prefix = 32;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw EngineException.invalid("invalid CIDR address: " + text);
            }
        }
        return new Ipv4Cidr(parseAddress(slash >= 0 ? text.substring(0, slash) : text), prefix);
    }

    /** Parses a dotted-quad address. */
    public static int parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw EngineException.invalid("invalid IPv4 address: " + text);
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw EngineException.invalid("invalid IPv4 address: " + text);
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw EngineException.invalid("invalid IPv4 address: " + text);
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    public static String formatAddress(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    public int mask() {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    /** The subnet this address lies in, host bits cleared. */
    public Ipv4Cidr network() {
        return new Ipv4Cidr(address & mask(), prefix);
    }

    public boolean contains(int other) {
        return (other & mask()) == (address & mask());
    }

    public boolean contains(String otherAddress) {
        return contains(parseAddress(otherAddress));
    }

    /** Whether the two ranges share any address. */
    public boolean overlaps(Ipv4Cidr other) {
        int m = prefix < other.prefix ? mask() : other.mask();
        return (address & m) == (other.address & m);
    }

    /** The address alone, dotted. */
    public String addressText() {
        return formatAddress(address);
    }

    @Override
    public String toString() {
        return addressText() + "/" + prefix;
    }
}
