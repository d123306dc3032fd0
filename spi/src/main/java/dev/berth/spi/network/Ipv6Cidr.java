package dev.berth.spi.network;

import dev.berth.spi.EngineException;

import java.math.BigInteger;

/**
 * An IPv6 address with a prefix length, as written {@code fd00:1::5/64} (since 1.5). Used both for subnets
 * ({@code fd00:1::/64}) and for an interface's address within its subnet. Text is RFC 5952's (lower case, the
 * longest run of two or more zero groups as {@code ::}), as Go's {@code netip} writes it, so that addresses
 * compare as text.
 *
 * @param address the 128-bit address as written (host bits kept), never negative
 * @param prefix  0..128
 */
public record Ipv6Cidr(BigInteger address, int prefix) {
    private static final BigInteger ALL = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    public Ipv6Cidr {
        if (prefix < 0 || prefix > 128) {
            throw EngineException.invalid("invalid prefix length " + prefix);
        }
        if (address == null || address.signum() < 0 || address.bitLength() > 128) {
            throw EngineException.invalid("invalid IPv6 address");
        }
    }

    /** Parses {@code ADDR/n}; a bare address is {@code /128}. */
    public static Ipv6Cidr parse(String text) {
        if (text == null) {
            throw EngineException.invalid("missing IPv6 address");
        }
        int slash = text.indexOf('/');
        int prefix = 128;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
                throw EngineException.invalid("invalid CIDR address: " + text);
            }
            prefix = Integer.parseInt(bits);
            if (prefix > 128) {
                throw EngineException.invalid("invalid CIDR address: " + text);
            }
        }
        return new Ipv6Cidr(parseAddress(slash >= 0 ? text.substring(0, slash) : text), prefix);
    }

    /** Whether {@code text} is an IPv6 address (no prefix, no zone). */
    public static boolean isAddress(String text) {
        try {
            parseAddress(text);
            return true;
        } catch (EngineException e) {
            return false;
        }
    }

    /** Parses an IPv6 address in any of RFC 4291's text forms, a trailing dotted quad included; no zone. */
    public static BigInteger parseAddress(String text) {
        if (text == null || text.isEmpty() || text.indexOf('%') >= 0 || text.indexOf(':') < 0) {
            throw EngineException.invalid("invalid IPv6 address: " + text);
        }
        int[] groups = new int[8];
        int n = 0;
        int gap = -1;
        String rest = text;
        if (rest.startsWith("::")) {
            gap = 0;
            rest = rest.substring(2);
        } else if (rest.startsWith(":")) {
            throw EngineException.invalid("invalid IPv6 address: " + text);
        }
        while (!rest.isEmpty()) {
            int colon = rest.indexOf(':');
            String part = colon < 0 ? rest : rest.substring(0, colon);
            if (part.indexOf('.') >= 0) {
                if (colon >= 0 || n > 6) {
                    throw EngineException.invalid("invalid IPv6 address: " + text);
                }
                int v4 = Ipv4Cidr.parseAddress(part);
                groups[n++] = (v4 >>> 16) & 0xffff;
                groups[n++] = v4 & 0xffff;
                rest = "";
                break;
            }
            if (part.isEmpty() || part.length() > 4 || n >= 8) {
                throw EngineException.invalid("invalid IPv6 address: " + text);
            }
            for (int i = 0; i < part.length(); i++) {
                if (Character.digit(part.charAt(i), 16) < 0) {
                    throw EngineException.invalid("invalid IPv6 address: " + text);
                }
            }
            groups[n++] = Integer.parseInt(part, 16);
            if (colon < 0) {
                rest = "";
            } else if (rest.startsWith("::", colon)) {
                if (gap >= 0) {
                    throw EngineException.invalid("invalid IPv6 address: " + text);
                }
                gap = n;
                rest = rest.substring(colon + 2);
            } else {
                rest = rest.substring(colon + 1);
                if (rest.isEmpty()) {
                    throw EngineException.invalid("invalid IPv6 address: " + text);
                }
            }
        }
        if (gap < 0 ? n != 8 : n > 7) {
            throw EngineException.invalid("invalid IPv6 address: " + text);
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = n - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        BigInteger value = BigInteger.ZERO;
        for (int g : full) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(g));
        }
        return value;
    }

    /**
     * RFC 5952 text: lower case hex, no leading zeros, the first longest run (≥ 2) of zero groups as {@code ::}; an
     * IPv4-mapped address ends in its dotted quad.
     */
    public static String formatAddress(BigInteger address) {
        if (address.shiftRight(32).equals(BigInteger.valueOf(0xffff))) {
            return "::ffff:" + Ipv4Cidr.formatAddress(address.intValue()); // IPv4-mapped, as Go writes it
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = address.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    /** The same text form for an address written any other way. */
    public static String canonical(String address) {
        return formatAddress(parseAddress(address));
    }

    private BigInteger hostMask() {
        return BigInteger.ONE.shiftLeft(128 - prefix).subtract(BigInteger.ONE);
    }

    /** The subnet itself: host bits cleared. */
    public Ipv6Cidr network() {
        return new Ipv6Cidr(address.and(ALL.xor(hostMask())), prefix);
    }

    /** The first address of the subnet (host bits zero). */
    public BigInteger first() {
        return network().address();
    }

    /** The last address of the subnet (host bits one). */
    public BigInteger last() {
        return first().or(hostMask());
    }

    public boolean contains(BigInteger other) {
        return other.compareTo(first()) >= 0 && other.compareTo(last()) <= 0;
    }

    public boolean overlaps(Ipv6Cidr other) {
        return contains(other.first()) || other.contains(first());
    }

    /** The address of this one, without the prefix length. */
    public String addressText() {
        return formatAddress(address);
    }

    @Override
    public String toString() {
        return formatAddress(address) + "/" + prefix;
    }
}
