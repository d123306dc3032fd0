package dev.berth.cli.cmd;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literals as Go's net/netip read them, without ever resolving a name. */
final class IpAddrs {
    private IpAddrs() {}

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) return false;
            for (int i = 0; i < p.length(); i++) if (!Character.isDigit(p.charAt(i))) return false;
            if (Integer.parseInt(p) > 255) return false;
        }
        return true;
    }

    static boolean isIpv6(String s) {
        if (s.indexOf(':') < 0 || s.indexOf('%') >= 0) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) return false;
        }
        try {
            return InetAddress.getByName(s) != null; // a literal with ':' is parsed, never looked up
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isIp(String s) {
        return isIpv4(s) || isIpv6(s);
    }

    /**
     * netip.Addr's order: no address first, then IPv4 before IPv6, then by value; text that is
     * not an address sorts as text after them.
     */
    static int compare(String a, String b) {
        return key(a).compareTo(key(b));
    }

    private static String key(String s) {
        if (s.isEmpty()) return "0";
        if (isIpv4(s)) {
            long v = 0;
            for (String p : s.split("\\.")) v = v * 256 + Integer.parseInt(p);
            return "1" + String.format("%010d", v);
        }
        if (isIpv6(s)) {
            try {
                byte[] bytes = InetAddress.getByName(s).getAddress();
                if (!(InetAddress.getByName(s) instanceof Inet6Address)) return "1" + String.format("%010d", new BigInteger(1, bytes));
                return "2" + String.format("%039d", new BigInteger(1, bytes));
            } catch (UnknownHostException e) {
                return "3" + s;
            }
        }
        return "3" + s;
    }
}
