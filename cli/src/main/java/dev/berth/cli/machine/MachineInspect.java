package dev.berth.cli.machine;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** {@code berth machine inspect}'s object for one machine, shaped like podman machine's. */
final class MachineInspect {
    private MachineInspect() {}

    static Map<String, Object> of(Machine m) throws IOException {
        MachineConfig c = m.config();
        Machine.Status status = m.status();
        Map<String, Object> o = Json.object();
        o.put("Name", c.name());
        o.put("State", status.name());
        o.put("Created", c.created());
        Map<String, Object> res = Json.object();
        res.put("CPUs", c.cpus());
        res.put("MemoryMiB", c.memoryMiB());
        res.put("DiskSizeGiB", c.diskGiB());
        o.put("Resources", res);
        List<Object> mounts = Json.array();
        for (MachineConfig.Volume v : c.volumes()) {
            Map<String, Object> mo = Json.object();
            mo.put("Source", v.host());
            mo.put("Target", v.guest());
            mo.put("Type", "9p");
            mounts.add(mo);
        }
        o.put("Mounts", mounts);
        Map<String, Object> conn = Json.object();
        conn.put("Socket", m.socket().toString());
        conn.put("DockerContext", m.context());
        if (status != Machine.Status.Stopped) {
            Map<String, Object> run = m.run();
            conn.put("SSHPort", Json.num(run, "SshPort"));
            conn.put("Accelerator", Json.str(run, "Accel"));
            m.qemu().ifPresent(p -> conn.put("QemuPid", p.pid()));
        }
        o.put("ConnectionInfo", conn);
        if (status != Machine.Status.Stopped) o.put("PortForwards", ports(m));
        o.put("Image", c.image());
        o.put("Dir", m.dir.toString());
        return o;
    }

    /** The supervisor's ports.json: forwarded ports, and the ports it could not forward with why. */
    private static Object ports(Machine m) {
        try {
            return Json.parse(Files.readString(m.dir.resolve(PortForwards.FILE)));
        } catch (IOException | RuntimeException e) {
            // not written yet (the guest's berthd not answering yet): nothing forwarded so far
            Map<String, Object> none = Json.object();
            none.put("Forwarded", Json.array());
            none.put("Problems", Json.array());
            return none;
        }
    }
}
