package dev.berth.cli.cmd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code --network} (plain name or {@code name=…,alias=…,ip=…}), {@code --ip}, {@code --ip6} and
 * {@code --network-alias} as docker turns them into HostConfig.NetworkMode and
 * NetworkingConfig.EndpointsConfig: the plain flags apply to the first network; a single network
 * without any endpoint option sends no endpoint config.
 */
final class Endpoints {
    private static final Pattern LONG_SYNTAX = Pattern.compile("\\w+=\\w+(,\\w+=\\w+)*");

    private Endpoints() {}

    /** One {@code --network} value. */
    private static final class Attachment {
        String target = "";
        final List<String> aliases = new ArrayList<>();
        final Map<String, Object> driverOpts = new LinkedHashMap<>();
        final List<Object> linkLocalIps = new ArrayList<>();
        final List<Object> links = new ArrayList<>();
        String ipv4 = "";
        String ipv6 = "";
        String mac = "";
        long gwPriority;
    }

    static String networkMode(CreateOptions o) {
        return o.networks.isEmpty() ? "default" : attachment(o.networks.get(0)).target;
    }

    static Map<String, Object> of(CreateOptions o) {
        String ip = checkIp(o.ip, "--ip");
        String ip6 = checkIp(o.ip6, "--ip6");
        Map<String, Object> endpoints = new LinkedHashMap<>();
        if (o.networks.isEmpty()) {
            Attachment a = new Attachment();
            a.target = "default";
            applyFlags(a, o, ip, ip6);
            Map<String, Object> ep = endpoint(a);
            // docker sends an empty endpoint for "default"; leaving it out means the same to the daemon
            if (!ep.isEmpty()) endpoints.put("default", ep);
            return endpoints;
        }
        boolean userDefined = false;
        boolean builtIn = false;
        for (int i = 0; i < o.networks.size(); i++) {
            Attachment a = attachment(o.networks.get(i));
            if (isUserDefined(a.target)) userDefined = true;
            else builtIn = true;
            if (i == 0) applyFlags(a, o, ip, ip6);
            Map<String, Object> ep = endpoint(a);
            if (endpoints.containsKey(a.target)) {
                throw new UsageException("network \"" + a.target + "\" is specified multiple times");
            }
            if (i == 0 && o.networks.size() == 1 && ep.isEmpty()) continue;
            endpoints.put(a.target, ep);
        }
        if (userDefined && builtIn) {
            throw new UsageException("conflicting options: cannot attach both user-defined and non-user-defined network-modes");
        }
        return endpoints;
    }

    private static void applyFlags(Attachment a, CreateOptions o, String ip, String ip6) {
        if (!a.aliases.isEmpty() && !o.networkAliases.isEmpty()) {
            throw new UsageException("conflicting options: cannot specify both --network-alias and per-network alias");
        }
        if (!a.ipv4.isEmpty() && ip != null) {
            throw new UsageException("conflicting options: cannot specify both --ip and per-network IPv4 address");
        }
        if (!a.ipv6.isEmpty() && ip6 != null) {
            throw new UsageException("conflicting options: cannot specify both --ip6 and per-network IPv6 address");
        }
        if (!a.mac.isEmpty() && o.macAddress != null) {
            throw new UsageException("conflicting options: cannot specify both --mac-address and per-network MAC address");
        }
        if (!a.linkLocalIps.isEmpty() && !o.linkLocalIps.isEmpty()) {
            throw new UsageException("conflicting options: cannot specify both --link-local-ip and per-network link-local IP addresses");
        }
        a.linkLocalIps.addAll(o.linkLocalIps);
        // as docker: on a user-defined network --link is an endpoint alias (and still a HostConfig link)
        if (isUserDefined(a.target)) a.links.addAll(o.links);
        if (o.macAddress != null) a.mac = o.macAddress;
        if (!o.networkAliases.isEmpty()) a.aliases.addAll(o.networkAliases);
        if (ip != null && IpAddrs.isIpv4(ip)) a.ipv4 = ip; // docker keeps only an IPv4 address from --ip
        if (ip6 != null) a.ipv6 = ip6;
    }

    private static Map<String, Object> endpoint(Attachment a) {
        if (a.target.isBlank()) throw new UsageException("no name set for network");
        if (!isUserDefined(a.target) && !a.aliases.isEmpty()) {
            throw new UsageException("network-scoped aliases are only supported for user-defined networks");
        }
        Map<String, Object> ep = new LinkedHashMap<>();
        if (!a.ipv4.isEmpty() || !a.ipv6.isEmpty() || !a.linkLocalIps.isEmpty()) {
            Map<String, Object> ipam = new LinkedHashMap<>();
            if (!a.ipv4.isEmpty()) ipam.put("IPv4Address", a.ipv4);
            if (!a.ipv6.isEmpty()) ipam.put("IPv6Address", a.ipv6);
            if (!a.linkLocalIps.isEmpty()) ipam.put("LinkLocalIPs", new ArrayList<>(a.linkLocalIps));
            ep.put("IPAMConfig", ipam);
        }
        if (!a.links.isEmpty()) ep.put("Links", new ArrayList<>(a.links));
        if (!a.aliases.isEmpty()) ep.put("Aliases", new ArrayList<Object>(a.aliases));
        if (!a.driverOpts.isEmpty()) ep.put("DriverOpts", new LinkedHashMap<>(a.driverOpts));
        if (!a.mac.isEmpty()) ep.put("MacAddress", a.mac);
        if (a.gwPriority != 0) ep.put("GwPriority", a.gwPriority);
        return ep;
    }

    /** docker's NetworkOpt.Set: {@code name=net,alias=a,ip=…,ip6=…,driver-opt=k=v,gw-priority=n} or a plain name. */
    private static Attachment attachment(String value) {
        Attachment a = new Attachment();
        if (!LONG_SYNTAX.matcher(value).find()) {
            a.target = value;
            return a;
        }
        for (String field : value.split(",")) {
            String f = field.toLowerCase(Locale.ROOT);
            int eq = f.indexOf('=');
            if (eq <= 0) throw new UsageException("invalid argument \"" + value + "\" for \"--network\" flag: invalid field " + field);
            String key = f.substring(0, eq).trim();
            String val = f.substring(eq + 1).trim();
            switch (key) {
                case "name" -> a.target = val;
                case "alias" -> a.aliases.add(val);
                case "ip" -> a.ipv4 = requireIp(val, value);
                case "ip6" -> a.ipv6 = requireIp(val, value);
                case "mac-address" -> a.mac = val;
                case "link-local-ip" -> a.linkLocalIps.add(requireIp(val, value));
                case "driver-opt" -> {
                    int e = val.indexOf('=');
                    if (e <= 0) throw new UsageException("invalid argument \"" + value + "\" for \"--network\" flag: invalid key value pair format in driver options");
                    a.driverOpts.put(val.substring(0, e).trim(), val.substring(e + 1).trim());
                }
                case "gw-priority" -> {
                    try {
                        a.gwPriority = Long.parseLong(val);
                    } catch (NumberFormatException e) {
                        throw new UsageException("invalid argument \"" + value + "\" for \"--network\" flag: invalid gw-priority (" + val + "): invalid syntax");
                    }
                }
                default -> throw new UsageException("invalid argument \"" + value + "\" for \"--network\" flag: invalid field key " + key);
            }
        }
        if (a.target.isEmpty()) throw new UsageException("invalid argument \"" + value + "\" for \"--network\" flag: network name/id is not specified");
        return a;
    }

    private static String requireIp(String ip, String value) {
        if (!IpAddrs.isIp(ip)) {
            throw new UsageException("invalid argument \"" + value + "\" for \"--network\" flag: ParseAddr(\"" + ip + "\"): unable to parse IP");
        }
        return ip;
    }

    private static String checkIp(String ip, String flag) {
        if (ip == null) return null;
        if (!IpAddrs.isIp(ip)) {
            throw new UsageException("invalid argument \"" + ip + "\" for \"" + flag + "\" flag: invalid string being converted to IP address: " + ip);
        }
        return ip;
    }

    /** Anything but the built-in modes: default, bridge, host, none, container:… . */
    static boolean isUserDefined(String mode) {
        return !(mode.equals("default") || mode.equals("bridge") || mode.equals("host") || mode.equals("none")
                || mode.startsWith("container:"));
    }
}
