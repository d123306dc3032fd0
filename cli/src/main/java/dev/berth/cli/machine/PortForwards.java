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
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Keeps QEMU's user-network port forwards equal to the ports published by running containers in
 * the guest: each published port P is forwarded from the host's 127.0.0.1:P to the guest's P. It
 * follows the guest's container events and, on each, lists the running containers again (a missed
 * event cannot leave a stale forward); on every reconnection (the guest restarting) it does the same.
 */
final class PortForwards implements Runnable {
    private final Path dir;
    private final DockerClient client;
    private final Set<String> current = new HashSet<>(); // "tcp:PORT"

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
        Set<String> wanted = new HashSet<>();
        for (Object c : Json.list(client.get("/containers/json"))) {
            for (Object p : Json.list(Json.path(c, "Ports"))) {
                long pub = Json.num(p, "PublicPort");
                String type = Json.str(p, "Type");
                if (pub > 0 && (type.equals("tcp") || type.equals("udp"))) wanted.add(type + ":" + pub);
            }
        }
        try (Qmp qmp = Qmp.connect(dir.resolve(Machine.QMP))) {
            for (String rule : Set.copyOf(current)) {
                if (wanted.contains(rule)) continue;
                String[] r = rule.split(":");
                String out = qmp.human("hostfwd_remove net0 " + r[0] + ":127.0.0.1:" + r[1]);
                Supervisor.log("unforward " + rule + (out.isEmpty() ? "" : ": " + out));
                current.remove(rule);
            }
            for (String rule : wanted) {
                if (current.contains(rule)) continue;
                String[] r = rule.split(":");
                // QEMU only says "Could not set up host forwarding rule": find out why first
                if (taken(r[0], Integer.parseInt(r[1]))) {
                    Supervisor.log("cannot forward 127.0.0.1:" + r[1] + "/" + r[0] + " to the machine: the port is already "
                            + "in use on this host; the container's port is reachable only inside the machine");
                    continue;
                }
                String out = qmp.human("hostfwd_add net0 " + r[0] + ":127.0.0.1:" + r[1] + "-:" + r[1]);
                if (out.isEmpty()) {
                    current.add(rule);
                    Supervisor.log("forward 127.0.0.1:" + r[1] + "/" + r[0] + " to the machine");
                } else {
                    Supervisor.log("cannot forward 127.0.0.1:" + r[1] + "/" + r[0] + " to the machine: " + out);
                }
            }
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
