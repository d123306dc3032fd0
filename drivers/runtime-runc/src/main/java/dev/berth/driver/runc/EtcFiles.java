package dev.berth.driver.runc;

import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.NetworkMode;
import dev.berth.spi.runtime.ContainerSpec.NetworkSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's /etc/hostname, /etc/hosts and /etc/resolv.conf, written into the bundle dir and
 * bind-mounted, with the content Docker gives them.
 *
 * @param hostHosts  the host's /etc/hosts (used as-is for the host network)
 * @param hostResolv the host's resolv.conf
 */
record EtcFiles(String hostHosts, String hostResolv) {

    static final String HOSTNAME = "hostname";
    static final String HOSTS = "hosts";
    static final String RESOLV_CONF = "resolv.conf";

    private static final List<String> DEFAULT_DNS = List.of("8.8.8.8", "8.8.4.4");

    /** Reads the host's files (systemd-resolved's upstream list when resolv.conf only names its stub). */
    static EtcFiles fromHost() {
        String resolv = read(Path.of("/etc/resolv.conf"));
        if (nameservers(resolv).stream().allMatch(EtcFiles::isLoopback) && !nameservers(resolv).isEmpty()) {
            String upstream = read(Path.of("/run/systemd/resolve/resolv.conf"));
            if (!upstream.isEmpty()) {
                resolv = upstream;
            }
        }
        return new EtcFiles(read(Path.of("/etc/hosts")), resolv);
    }

    /** Writes the three files into {@code dir}. */
    void write(ContainerSpec spec, Path dir) throws IOException {
        Files.writeString(dir.resolve(HOSTNAME), hostname(spec), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(HOSTS), hosts(spec), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(RESOLV_CONF), resolvConf(spec.network()), StandardCharsets.UTF_8);
    }

    String hostname(ContainerSpec spec) {
        return spec.hostname() + "\n";
    }

    String hosts(ContainerSpec spec) {
        NetworkSetup net = spec.network();
        StringBuilder b = new StringBuilder();
        // Host network: the host's file as it is, unless --add-host is given; then Docker writes its own
        // (so a name in the host's file can be overridden), with no line for the container's own name.
        if (net.mode() == NetworkMode.HOST && net.extraHosts().isEmpty()) {
            b.append(hostHosts);
            if (!hostHosts.isEmpty() && !hostHosts.endsWith("\n")) {
                b.append('\n');
            }
        } else {
            b.append("127.0.0.1\tlocalhost\n")
                    .append("::1\tlocalhost ip6-localhost ip6-loopback\n")
                    .append("fe00::0\tip6-localnet\n")
                    .append("ff00::0\tip6-mcastprefix\n")
                    .append("ff02::1\tip6-allnodes\n")
                    .append("ff02::2\tip6-allrouters\n");
        }
        for (String extra : net.extraHosts()) {
            // host:ip, split at the first ':' so IPv6 addresses survive; Docker also takes host=ip
            int sep = extra.indexOf('=') >= 0 ? extra.indexOf('=') : extra.indexOf(':');
            if (sep > 0) {
                b.append(extra.substring(sep + 1)).append('\t').append(extra, 0, sep).append('\n');
            }
        }
        if (net.mode() != NetworkMode.HOST && !spec.hostname().isEmpty()) {
            String names = spec.domainname().isEmpty()
                    ? spec.hostname()
                    : spec.hostname() + "." + spec.domainname() + " " + spec.hostname();
            for (String ip : net.ipAddresses()) {
                b.append(ip).append('\t').append(names).append('\n');
            }
        }
        return b.toString();
    }

    String resolvConf(NetworkSetup net) {
        if (net.mode() == NetworkMode.HOST && net.dns().isEmpty() && net.dnsSearch().isEmpty()
                && net.dnsOptions().isEmpty()) {
            return hostResolv;
        }
        List<String> servers = new ArrayList<>(net.dns());
        if (servers.isEmpty()) {
            for (String ns : nameservers(hostResolv)) {
                if (net.mode() == NetworkMode.HOST || !isLoopback(ns)) {
                    servers.add(ns);
                }
            }
            if (servers.isEmpty()) {
                servers.addAll(DEFAULT_DNS);
            }
        }
        List<String> search = net.dnsSearch().isEmpty() ? directive(hostResolv, "search") : net.dnsSearch();
        List<String> options = net.dnsOptions().isEmpty() ? directive(hostResolv, "options") : net.dnsOptions();
        StringBuilder b = new StringBuilder();
        // Docker writes "search ." to mean "no search domains"
        List<String> realSearch = search.stream().filter(s -> !s.equals(".")).toList();
        if (!realSearch.isEmpty()) {
            b.append("search ").append(String.join(" ", realSearch)).append('\n');
        }
        for (String ns : servers) {
            b.append("nameserver ").append(ns).append('\n');
        }
        if (!options.isEmpty()) {
            b.append("options ").append(String.join(" ", options)).append('\n');
        }
        return b.toString();
    }

    static List<String> nameservers(String resolv) {
        return directive(resolv, "nameserver");
    }

    /** All words after every line starting with {@code keyword} (comments skipped). */
    private static List<String> directive(String resolv, String keyword) {
        List<String> out = new ArrayList<>();
        for (String line : resolv.lines().toList()) {
            String l = line.strip();
            if (l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            String[] words = l.split("\\s+");
            if (words.length > 1 && words[0].equals(keyword)) {
                if (keyword.equals("nameserver")) {
                    out.add(words[1]);
                } else if (keyword.equals("search")) {
                    out.clear(); // the last search line wins, as in glibc
                    out.addAll(List.of(words).subList(1, words.length));
                } else {
                    out.addAll(List.of(words).subList(1, words.length));
                }
            }
        }
        return out;
    }

    static boolean isLoopback(String ip) {
        return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
