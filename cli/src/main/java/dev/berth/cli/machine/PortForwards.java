package dev.berth.cli.machine;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Endpoint;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.HttpTransport;
import dev.berth.cli.json.Json;
import dev.berth.cli.json.JsonStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps QEMU's user-network port forwards equal to the ports published by running containers in
 * the guest: each published port P is forwarded from the host's 127.0.0.1:P to the guest's P. It
 * follows the guest's container events and, on each, lists the running containers again (a missed
 * event cannot leave a stale forward); on every reconnection (the guest restarting) it does the same.
 * A port it cannot forward (another program holds it on the host) is logged and kept in
 * {@code ports.json} with its container, which {@code berth machine inspect} shows as a warning: the
 * container already runs in the guest when the supervisor hears of it, so unlike Docker Desktop
 * (whose engine fails the {@code run} with "Ports are not available") it cannot refuse the start.
 */
final class PortForwards implements Runnable {
    private final Path dir;
    private final DockerClient client;
    static final String FILE = "ports.json";
    private final Set<String> current = new HashSet<>(); // "tcp:PORT"
    private final Map<String, String> problems = new TreeMap<>(); // "tcp:PORT" -> why it is not forwarded

    PortForwards(Path dir, int apiPort) {
        this.dir = dir;
        this.client = new DockerClient(new HttpTransport(Endpoint.parse("tcp://127.0.0.1:" + apiPort)));
    }

    @Override
    public void run() {
        String filters = URLEncoder.encode("{\"type\":[\"container\"]}", StandardCharsets.UTF_8);
        while (true) {
            try (HttpResponse events = client.call("GET", "/events?filters=" + filters, Body.NONE)) {
                sync();
                JsonStream.forEach(events.body(), ev -> {
                    String action = Json.str(ev, "Action");
                    if (action.equals("start") || action.equals("die") || action.equals("destroy")) {
                        try {
                            sync();
                        } catch (IOException e) {
                            Supervisor.log("ports: " + e.getMessage());
                        }
                    }
                });
            } catch (IOException | RuntimeException e) {
                // berthd not up yet, or restarting: try again
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sync() throws IOException {
        Map<String, String> wanted = new TreeMap<>(); // rule -> the container publishing it
        for (Object c : Json.list(client.get("/containers/json"))) {
            List<Object> names = Json.list(Json.path(c, "Names"));
            String who = names.isEmpty() ? Json.str(c, "Id") : String.valueOf(names.get(0)).replaceFirst("^/", "");
            for (Object p : Json.list(Json.path(c, "Ports"))) {
                long pub = Json.num(p, "PublicPort");
                String type = Json.str(p, "Type");
                if (pub > 0 && (type.equals("tcp") || type.equals("udp"))) wanted.putIfAbsent(type + ":" + pub, who);
            }
        }
        problems.keySet().retainAll(wanted.keySet());
        try {
            forward(wanted);
        } finally {
            save();
        }
    }

    private void forward(Map<String, String> wanted) throws IOException {
        try (Qmp qmp = Qmp.connect(dir.resolve(Machine.QMP))) {
            for (String rule : Set.copyOf(current)) {
                if (wanted.containsKey(rule)) continue;
                String[] r = rule.split(":");
                String out = qmp.human("hostfwd_remove net0 " + r[0] + ":127.0.0.1:" + r[1]);
                Supervisor.log("unforward " + rule + (out.isEmpty() ? "" : ": " + out));
                current.remove(rule);
            }
            for (Map.Entry<String, String> w : wanted.entrySet()) {
                String rule = w.getKey();
                if (current.contains(rule)) continue;
                String[] r = rule.split(":");
                String what = "cannot forward 127.0.0.1:" + r[1] + "/" + r[0] + " to the machine (container " + w.getValue() + ")";
                // QEMU only says "Could not set up host forwarding rule": find out why first
                String why = taken(r[0], Integer.parseInt(r[1]))
                        ? "the port is already in use on this host; the container's port is reachable only inside the machine"
                        : qmp.human("hostfwd_add net0 " + r[0] + ":127.0.0.1:" + r[1] + "-:" + r[1]);
                if (why.isEmpty()) {
                    current.add(rule);
                    problems.remove(rule);
                    Supervisor.log("forward 127.0.0.1:" + r[1] + "/" + r[0] + " to the machine");
                } else if (!(what + ": " + why).equals(problems.put(rule, what + ": " + why))) {
                    Supervisor.log(what + ": " + why); // once per problem, not on every event
                }
            }
        }
    }

    /** What inspect shows: the forwarded ports and the ones that are not, with why (written whole, then renamed). */
    private void save() {
        Map<String, Object> o = Json.object();
        o.put("Forwarded", List.copyOf(new TreeSet<>(current)));
        o.put("Problems", List.copyOf(problems.values()));
        try {
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.writeString(tmp, Json.write(o) + "\n");
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Supervisor.log("ports: cannot write " + FILE + ": " + e.getMessage());
        }
    }

    /** True when another program holds {@code port} on the host's loopback (a sync retries it on the next event). */
    static boolean taken(String type, int port) {
        InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            if (type.equals("udp")) {
                new DatagramSocket(at).close();
            } else {
                try (ServerSocket s = new ServerSocket()) {
                    s.bind(at);
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
