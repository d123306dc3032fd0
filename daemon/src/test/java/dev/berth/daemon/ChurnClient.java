package dev.berth.daemon;

import dev.berth.daemon.BerthdProcess.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One of the churn's concurrent clients: the real docker CLI doing create/start/exec/stop/rm -f/network
 * connect/volume create on its own containers (names {@code churn-<client>-<n>}) until told to stop,
 * writing down what berthd acknowledged (exit 0) and what it did not (error, or killed under it).
 */
final class ChurnClient implements Runnable {

    enum Kind { CREATE, START, EXEC, STOP, RM, CONNECT }

    /** One attempt; {@code acked} = the CLI exited 0. */
    record Op(Kind kind, boolean acked) {}

    /** Everything tried on one container name, in order. Written by one client, read after it ended. */
    static final class Entry {
        final String name;
        volatile String id;
        final List<Op> ops = new ArrayList<>();

        Entry(String name) {
            this.name = name;
        }

        Op last() {
            return ops.get(ops.size() - 1);
        }

        boolean tried(Kind kind) {
            return ops.stream().anyMatch(o -> o.kind() == kind);
        }

        boolean acked(Kind kind) {
            return ops.stream().anyMatch(o -> o.kind() == kind && o.acked());
        }
    }

    static final String NETWORK = "churnnet";
    static final String IMAGE = "churnbase";

    private final BerthdProcess daemon;
    private final int client;
    private final Random random;
    private final AtomicBoolean stop;
    private final AtomicInteger names;
    /** Every container name this client ever used, by name (shared with the audit). */
    final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** Volumes whose create was acknowledged. */
    final List<String> volumes = new ArrayList<>();
    int operations;
    int acknowledged;

    ChurnClient(BerthdProcess daemon, int client, long seed, AtomicBoolean stop) {
        this.daemon = daemon;
        this.client = client;
        this.random = new Random(seed);
        this.stop = stop;
        this.names = new AtomicInteger();
    }

    /** This client's containers that the daemon shows now (rolled-forward creates included), with their state. */
    List<Entry> live(Map<String, String> stateByName) {
        return entries.values().stream().filter(e -> stateByName.containsKey(e.name)).toList();
    }

    Map<String, String> states = Map.of();

    @Override
    public void run() {
        while (!stop.get()) {
            List<Entry> mine = live(states);
            double dice = random.nextDouble();
            if (mine.size() < 3 || dice < 0.2) {
                create();
            } else if (dice < 0.27) {
                volume();
            } else {
                Entry e = mine.get(random.nextInt(mine.size()));
                String state = states.getOrDefault(e.name, "");
                Kind kind = pick(state, mine.size());
                act(e, kind);
            }
        }
    }

    private Kind pick(String state, int count) {
        double dice = random.nextDouble();
        if (count > 6 || dice < 0.2) {
            return Kind.RM;
        }
        if (state.equals("running")) {
            return dice < 0.5 ? Kind.EXEC : dice < 0.7 ? Kind.CONNECT : Kind.STOP;
        }
        return dice < 0.8 ? Kind.START : Kind.CONNECT;
    }

    private void create() {
        Entry e = new Entry("churn-" + client + "-" + names.incrementAndGet());
        entries.put(e.name, e);
        List<String> args = new ArrayList<>(List.of("create", "--name", e.name));
        int shape = random.nextInt(4);
        if (shape == 1) {
            args.addAll(List.of("-p", "127.0.0.1::80"));
        } else if (shape == 2) {
            args.addAll(List.of("--network", NETWORK));
        }
        args.addAll(List.of(IMAGE, "sleep", "3600"));
        Result r = daemon.docker(args.toArray(String[]::new));
        if (record(e, Kind.CREATE, r)) {
            e.id = r.out().strip();
        }
        setState(e.name, "created");
    }

    private void volume() {
        String name = "churnvol-" + client + "-" + names.incrementAndGet();
        operations++;
        Result r = daemon.docker("volume", "create", name);
        if (r.exitCode() == 0) {
            acknowledged++;
            volumes.add(name);
        }
    }

    private void act(Entry e, Kind kind) {
        String ref = e.id != null ? e.id : e.name;
        Result r = switch (kind) {
            case START -> daemon.docker("start", ref);
            case EXEC -> daemon.docker("exec", ref, "true");
            case STOP -> daemon.docker("stop", "-t", "0", ref);
            case RM -> daemon.docker("rm", "-f", ref);
            case CONNECT -> daemon.docker("network", "connect", NETWORK, ref);
            case CREATE -> throw new IllegalArgumentException("create has its own method");
        };
        record(e, kind, r);
        switch (kind) {
            case START -> setState(e.name, "running");
            case STOP -> setState(e.name, "exited");
            case RM -> setState(e.name, null);
            default -> { }
        }
    }

    /** The client's own idea of each name's state between two audits (the audit resets it from ps). */
    private void setState(String name, String state) {
        Map<String, String> next = new java.util.HashMap<>(states);
        if (state == null) {
            next.remove(name);
        } else {
            next.put(name, state);
        }
        states = next;
    }

    private boolean record(Entry e, Kind kind, Result r) {
        operations++;
        boolean ok = r.exitCode() == 0;
        if (ok) {
            acknowledged++;
        }
        e.ops.add(new Op(kind, ok));
        return ok;
    }
}
