package dev.berth.cli.machine;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What {@code berth machine init} decided, kept in the machine's directory as config.json. */
record MachineConfig(String name, int cpus, int memoryMiB, int diskGiB, List<Volume> volumes, String image,
                     String created) {
    static final String FILE = "config.json";

    /** A host directory shared into the guest over 9p. */
    record Volume(String host, String guest) {
        Volume {
            if (!host.startsWith("/") || !guest.startsWith("/")) {
                throw new IllegalArgumentException("--volume " + host + ":" + guest + ": both paths must be absolute");
            }
        }

        static Volume parse(String spec) {
            int colon = spec.indexOf(':');
            String host = colon < 0 ? spec : spec.substring(0, colon);
            String guest = colon < 0 ? spec : spec.substring(colon + 1);
            return new Volume(Path.of(host).toAbsolutePath().normalize().toString(), guest);
        }
    }

    MachineConfig {
        MachineHome.checkName(name);
        if (cpus < 1) throw new IllegalArgumentException("--cpus must be at least 1");
        if (memoryMiB < 512) throw new IllegalArgumentException("--memory must be at least 512 (MiB): the guest runs a JVM");
        if (diskGiB < 4) throw new IllegalArgumentException("--disk-size must be at least 4 (GiB): the base image is 3 GiB");
        volumes = List.copyOf(volumes);
    }

    void write(Path dir) throws IOException {
        Map<String, Object> o = Json.object();
        o.put("Name", name);
        o.put("CPUs", cpus);
        o.put("MemoryMiB", memoryMiB);
        o.put("DiskGiB", diskGiB);
        List<Object> vs = Json.array();
        for (Volume v : volumes) {
            Map<String, Object> m = Json.object();
            m.put("Source", v.host());
            m.put("Target", v.guest());
            vs.add(m);
        }
        o.put("Volumes", vs);
        o.put("Image", image);
        o.put("Created", created);
        Files.writeString(dir.resolve(FILE), Json.writeIndented(o, "  ") + "\n");
    }

    static MachineConfig read(Path dir) throws IOException {
        Object o = Json.parse(Files.readString(dir.resolve(FILE)));
        List<Volume> vs = new ArrayList<>();
        for (Object v : Json.list(Json.path(o, "Volumes"))) {
            vs.add(new Volume(Json.str(v, "Source"), Json.str(v, "Target")));
        }
        return new MachineConfig(Json.str(o, "Name"), (int) Json.num(o, "CPUs"), (int) Json.num(o, "MemoryMiB"),
                (int) Json.num(o, "DiskGiB"), vs, Json.str(o, "Image"), Json.str(o, "Created"));
    }
}
