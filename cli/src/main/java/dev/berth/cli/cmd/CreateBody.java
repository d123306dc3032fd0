package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns {@link CreateOptions} into the body of POST /containers/create (Config + HostConfig). */
final class CreateBody {
    private CreateBody() {}

    /** As the docker CLI: {@code --log-opt k=v} (a bare {@code k} is an empty value); none takes no options. */
    static Map<String, Object> logConfig(String driver, List<String> opts) {
        String type = driver == null ? "" : driver;
        if (type.equals("none") && !opts.isEmpty()) {
            throw new UsageException("invalid logging opts for driver none");
        }
        Map<String, Object> config = new LinkedHashMap<>();
        for (String kv : opts) {
            int eq = kv.indexOf('=');
            config.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("Type", type);
        log.put("Config", config);
        return log;
    }

    static Map<String, Object> of(CreateOptions o, boolean attach, Map<String, String> environment) throws IOException {
        Map<String, Object> c = new LinkedHashMap<>();
        putIf(c, "Hostname", o.hostname);
        putIf(c, "Domainname", o.domainname);
        putIf(c, "User", o.user);
        // as the docker CLI: -a names the streams; without it stdout and stderr (and stdin with -i), none detached
        boolean[] streams = streams(o);
        c.put("AttachStdin", attach && (streams[0] || o.interactive));
        c.put("AttachStdout", attach && (streams[1] || o.attach.isEmpty()));
        c.put("AttachStderr", attach && (streams[2] || o.attach.isEmpty()));
        c.put("Tty", o.tty);
        c.put("OpenStdin", o.interactive);
        c.put("StdinOnce", attach && o.interactive);
        List<Object> env = env(o, environment);
        if (!env.isEmpty()) c.put("Env", env);
        if (!o.command.isEmpty()) c.put("Cmd", new ArrayList<Object>(o.command));
        c.put("Image", o.image);
        putIf(c, "WorkingDir", o.workdir);
        if (o.entrypoint != null) c.put("Entrypoint", new ArrayList<Object>(List.of(o.entrypoint)));
        List<String> labels = new ArrayList<>();
        for (String file : o.labelFiles) labels.addAll(KeyValueFile.read(file, environment));
        labels.addAll(o.labels);
        if (!labels.isEmpty()) c.put("Labels", labels(labels));
        Map<String, Object> healthcheck = o.health.healthcheck();
        if (healthcheck != null) c.put("Healthcheck", healthcheck);
        putIf(c, "StopSignal", o.stopSignal);
        if (o.stopTimeout != null) c.put("StopTimeout", o.stopTimeout);
        Map<String, Object> volumes = new LinkedHashMap<>();
        List<Object> binds = new ArrayList<>();
        for (String v : o.volumes) {
            if (v.indexOf(':') < 0) volumes.put(v, Json.object());
            else binds.add(v);
        }
        if (!volumes.isEmpty()) c.put("Volumes", volumes);
        PortSpecs ports = PortSpecs.parse(o.publish, o.expose);
        if (!ports.exposed().isEmpty()) c.put("ExposedPorts", ports.exposed());
        c.put("HostConfig", hostConfig(o, binds, ports));
        Map<String, Object> endpoints = Endpoints.of(o);
        if (!endpoints.isEmpty()) {
            Map<String, Object> nc = new LinkedHashMap<>();
            nc.put("EndpointsConfig", endpoints);
            c.put("NetworkingConfig", nc);
        }
        return c;
    }

    /** {@code name=soft[:hard]}; the daemon checks the name and the order of the limits. */
    private static Map<String, Object> ulimit(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new UsageException("invalid argument \"" + spec + "\" for \"--ulimit\" flag: invalid ulimit argument: "
                    + spec);
        }
        String[] limits = spec.substring(eq + 1).split(":", -1);
        try {
            long soft = Long.parseLong(limits[0]);
            long hard = limits.length > 1 ? Long.parseLong(limits[1]) : soft;
            if (limits.length > 2) {
                throw new NumberFormatException();
            }
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("Name", spec.substring(0, eq));
            u.put("Hard", hard);
            u.put("Soft", soft);
            return u;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid argument \"" + spec + "\" for \"--ulimit\" flag: too many limit value "
                    + "arguments or not numbers: " + spec.substring(eq + 1));
        }
    }

    private static Map<String, Object> hostConfig(CreateOptions o, List<Object> binds, PortSpecs ports) {
        Map<String, Object> h = new LinkedHashMap<>();
        if (!binds.isEmpty()) h.put("Binds", binds);
        putIf(h, "VolumeDriver", o.volumeDriver);
        if (!o.volumesFrom.isEmpty()) h.put("VolumesFrom", new ArrayList<Object>(o.volumesFrom));
        if (!o.mounts.isEmpty()) {
            List<Object> mounts = new ArrayList<>();
            o.mounts.forEach(m -> mounts.add(MountSpecs.parse(m)));
            h.put("Mounts", mounts);
        }
        if (o.cidfile != null) h.put("ContainerIDFile", o.cidfile);
        if (!o.annotations.isEmpty()) h.put("Annotations", keyValues(o.annotations));
        // as the docker CLI: with -t from a terminal, the container's TTY starts at the terminal's size
        int[] size = o.tty ? Terminal.size() : null;
        if (size != null) h.put("ConsoleSize", List.of(size[0], size[1]));
        if (!o.storageOpts.isEmpty()) {
            Map<String, Object> opts = new LinkedHashMap<>();
            for (String kv : o.storageOpts) {
                int eq = kv.indexOf('=');
                if (eq < 0) throw new UsageException("invalid storage option");
                opts.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            h.put("StorageOpt", opts);
        }
        putIf(h, "UsernsMode", o.userns);
        putIf(h, "Runtime", o.runtime);
        putIf(h, "Isolation", o.isolation);
        if (o.memory != null) h.put("Memory", UsageException.size(o.memory, "-m, --memory"));
        if (o.memorySwap != null) {
            h.put("MemorySwap", o.memorySwap.equals("-1") ? -1L : UsageException.size(o.memorySwap, "--memory-swap"));
        }
        if (o.memorySwappiness != null) {
            if (o.memorySwappiness != -1 && (o.memorySwappiness < 0 || o.memorySwappiness > 100)) {
                throw new UsageException("invalid value: " + o.memorySwappiness + ". Valid memory swappiness range is 0-100");
            }
            h.put("MemorySwappiness", o.memorySwappiness);
        }
        if (o.cpuRtPeriod != null) h.put("CpuRealtimePeriod", o.cpuRtPeriod);
        if (o.cpuRtRuntime != null) h.put("CpuRealtimeRuntime", o.cpuRtRuntime);
        if (o.cpuCount != null) h.put("CpuCount", o.cpuCount);
        if (o.cpuPercent != null) h.put("CpuPercent", o.cpuPercent);
        if (o.ioMaxIops != null) h.put("IOMaximumIOps", o.ioMaxIops);
        if (o.ioMaxBandwidth != null) h.put("IOMaximumBandwidth", UsageException.size(o.ioMaxBandwidth, "--io-maxbandwidth"));
        if (o.kernelMemory != null) UsageException.size(o.kernelMemory, "--kernel-memory"); // checked, never sent (as docker)
        if (!o.gpus.isEmpty()) h.put("DeviceRequests", o.gpus.stream().map(Gpus::request).toList());
        if (o.cpus != null) {
            try {
                h.put("NanoCpus", Math.round(Double.parseDouble(o.cpus) * 1e9));
            } catch (NumberFormatException e) {
                throw new UsageException("invalid argument \"" + o.cpus + "\" for \"--cpus\" flag: failed to parse " + o.cpus + " as a rational number");
            }
        }
        if (o.cpuShares != null) h.put("CpuShares", o.cpuShares);
        if (o.pidsLimit != null) h.put("PidsLimit", o.pidsLimit);
        if (o.cpusetCpus != null) h.put("CpusetCpus", o.cpusetCpus);
        if (o.cpusetMems != null) h.put("CpusetMems", o.cpusetMems);
        if (o.init) h.put("Init", true); // as the docker CLI: absent unless asked, so daemon.json decides
        if (o.shmSize != null) h.put("ShmSize", UsageException.size(o.shmSize, "--shm-size"));
        if (o.cpuQuota != null) h.put("CpuQuota", o.cpuQuota);
        if (o.cpuPeriod != null) h.put("CpuPeriod", o.cpuPeriod);
        if (o.memoryReservation != null) h.put("MemoryReservation", UsageException.size(o.memoryReservation, "--memory-reservation"));
        if (o.oomScoreAdj != null) h.put("OomScoreAdj", o.oomScoreAdj);
        if (o.oomKillDisable) h.put("OomKillDisable", true);
        if (o.ipc != null) h.put("IpcMode", o.ipc);
        if (o.pid != null) h.put("PidMode", o.pid);
        if (o.uts != null) h.put("UTSMode", o.uts);
        if (!o.ulimits.isEmpty()) h.put("Ulimits", o.ulimits.stream().map(CreateBody::ulimit).toList());
        if (o.logDriver != null || !o.logOpts.isEmpty()) h.put("LogConfig", logConfig(o.logDriver, o.logOpts));
        if (!o.sysctls.isEmpty()) {
            Map<String, Object> sysctls = new LinkedHashMap<>();
            for (String kv : o.sysctls) {
                int eq = kv.indexOf('=');
                if (eq < 0 || !allowedSysctl(kv.substring(0, eq))) {
                    throw new UsageException("invalid argument \"" + kv + "\" for \"--sysctl\" flag: sysctl '" + kv
                            + "' is not allowed");
                }
                sysctls.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            h.put("Sysctls", sysctls);
        }
        if (o.readOnly) h.put("ReadonlyRootfs", true);
        if (!o.tmpfs.isEmpty()) {
            Map<String, Object> t = new LinkedHashMap<>();
            for (String spec : o.tmpfs) {
                int colon = spec.indexOf(':');
                t.put(colon < 0 ? spec : spec.substring(0, colon), colon < 0 ? "" : spec.substring(colon + 1));
            }
            h.put("Tmpfs", t);
        }
        h.put("NetworkMode", Endpoints.networkMode(o));
        if (o.privileged) h.put("Privileged", true);
        if (o.blkioWeight != null) h.put("BlkioWeight", o.blkioWeight);
        if (!o.blkioWeightDevices.isEmpty()) {
            h.put("BlkioWeightDevice", o.blkioWeightDevices.stream().map(CreateBody::weightDevice).toList());
        }
        putThrottles(h, "BlkioDeviceReadBps", "--device-read-bps", o.deviceReadBps, true);
        putThrottles(h, "BlkioDeviceWriteBps", "--device-write-bps", o.deviceWriteBps, true);
        putThrottles(h, "BlkioDeviceReadIOps", "--device-read-iops", o.deviceReadIops, false);
        putThrottles(h, "BlkioDeviceWriteIOps", "--device-write-iops", o.deviceWriteIops, false);
        if (!o.devices.isEmpty()) h.put("Devices", o.devices.stream().map(CreateBody::device).toList());
        if (!o.deviceCgroupRules.isEmpty()) {
            for (String rule : o.deviceCgroupRules) {
                if (!rule.matches("[acb] ([0-9]+|\\*):([0-9]+|\\*) [rwm]{1,3}")) {
                    throw new UsageException("invalid argument \"" + rule + "\" for \"--device-cgroup-rule\" flag: "
                            + "invalid device cgroup format '" + rule + "'");
                }
            }
            h.put("DeviceCgroupRules", new ArrayList<Object>(o.deviceCgroupRules));
        }
        if (!o.capAdd.isEmpty()) h.put("CapAdd", new ArrayList<Object>(o.capAdd));
        if (!o.links.isEmpty()) h.put("Links", new ArrayList<Object>(o.links));
        if (o.cgroupParent != null) h.put("CgroupParent", o.cgroupParent);
        if (o.cgroupns != null) h.put("CgroupnsMode", o.cgroupns);
        if (!o.groupAdd.isEmpty()) h.put("GroupAdd", new ArrayList<Object>(o.groupAdd));
        if (!o.capDrop.isEmpty()) h.put("CapDrop", new ArrayList<Object>(o.capDrop));
        // as the docker CLI: systempaths=unconfined is no security option but empty masked and read-only paths
        List<Object> securityOpt = new ArrayList<>();
        for (String opt : o.securityOpt) {
            if (opt.equals("systempaths=unconfined")) {
                h.put("MaskedPaths", new ArrayList<Object>());
                h.put("ReadonlyPaths", new ArrayList<Object>());
            } else {
                securityOpt.add(opt);
            }
        }
        if (!securityOpt.isEmpty()) h.put("SecurityOpt", securityOpt);
        if (!o.dns.isEmpty()) h.put("Dns", new ArrayList<Object>(o.dns));
        if (!o.dnsSearch.isEmpty()) h.put("DnsSearch", new ArrayList<Object>(o.dnsSearch));
        if (!o.dnsOptions.isEmpty()) h.put("DnsOptions", new ArrayList<Object>(o.dnsOptions));
        if (!o.addHost.isEmpty()) {
            List<Object> hosts = new ArrayList<>();
            for (String e : o.addHost) hosts.add(e.indexOf('=') > 0 ? e.replaceFirst("=", ":") : e);
            h.put("ExtraHosts", hosts);
        }
        if (!ports.bindings().isEmpty()) h.put("PortBindings", ports.bindings());
        if (o.publishAll) h.put("PublishAllPorts", true);
        if (o.restart != null) h.put("RestartPolicy", restart(o.restart));
        if (o.autoRemove) h.put("AutoRemove", true);
        return h;
    }

    /** The docker CLI's {@code --device src[:dst][:perms]}, where a lone second part that is a mode is the mode. */
    static Map<String, Object> device(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length > 3) {
            throw new UsageException("invalid argument \"" + spec + "\" for \"--device\" flag: invalid device specification: " + spec);
        }
        String src = parts[0];
        String dst = "";
        String perms = "rwm";
        if (parts.length == 3) {
            dst = parts[1];
            perms = parts[2];
        } else if (parts.length == 2) {
            if (parts[1].matches("[rwm]{1,3}")) {
                perms = parts[1];
            } else {
                dst = parts[1];
            }
        }
        if (!src.startsWith("/") || (!dst.isEmpty() && !dst.startsWith("/"))) {
            throw new UsageException("invalid argument \"" + spec + "\" for \"--device\" flag: "
                    + (!src.startsWith("/") ? src : dst) + " is not an absolute path");
        }
        if (!perms.matches("[rwm]{1,3}")) {
            throw new UsageException("invalid argument \"" + spec + "\" for \"--device\" flag: bad mode specified: " + perms);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("PathOnHost", src);
        d.put("PathInContainer", dst.isEmpty() ? src : dst);
        d.put("CgroupPermissions", perms);
        return d;
    }

    /** The docker CLI's {@code /dev/sda:300}: a weight of 10 to 1000, or 0. */
    /** The sysctls the docker CLI lets a container set (IPC's kernel ones, net.*, fs.mqueue.*). */
    private static final Set<String> IPC_SYSCTLS = Set.of("kernel.msgmax", "kernel.msgmnb", "kernel.msgmni",
            "kernel.sem", "kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced");

    static boolean allowedSysctl(String name) {
        return IPC_SYSCTLS.contains(name) || name.startsWith("net.") || name.startsWith("fs.mqueue.");
    }

    static Map<String, Object> weightDevice(String spec) {
        int colon = spec.lastIndexOf(':');
        String bad = "invalid argument \"" + spec + "\" for \"--blkio-weight-device\" flag: ";
        if (colon < 0 || !spec.startsWith("/dev/")) {
            throw new UsageException(bad + "bad format: " + spec);
        }
        int weight;
        try {
            weight = Integer.parseInt(spec.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException(bad + "invalid weight for device: " + spec);
        }
        if (weight != 0 && (weight < 10 || weight > 1000)) {
            throw new UsageException(bad + "invalid weight for device: " + spec);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Path", spec.substring(0, colon));
        d.put("Weight", weight);
        return d;
    }

    /** The docker CLI's {@code /dev/sda:1mb} (a size for bytes per second) or {@code /dev/sda:1000} (IOps). */
    private static void putThrottles(Map<String, Object> h, String field, String flag, List<String> specs, boolean bytes) {
        if (specs.isEmpty()) {
            return;
        }
        List<Object> out = new ArrayList<>();
        for (String spec : specs) {
            int colon = spec.lastIndexOf(':');
            String bad = "invalid argument \"" + spec + "\" for \"" + flag + "\" flag: ";
            if (colon < 0 || !spec.startsWith("/dev/")) {
                throw new UsageException(bad + "bad format: " + spec);
            }
            long rate;
            try {
                String value = spec.substring(colon + 1);
                rate = bytes ? Units.ramInBytes(value) : Long.parseLong(value);
            } catch (RuntimeException e) {
                rate = -1;
            }
            if (rate < 0) {
                throw new UsageException(bad + "invalid rate for device: " + spec + ". The correct format is "
                        + "<device-path>:<number>" + (bytes ? "[<unit>]" : "") + ". Number must be a positive integer"
                        + (bytes ? ". Unit is optional and can be kb, mb, or gb" : ""));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("Path", spec.substring(0, colon));
            d.put("Rate", rate);
            out.add(d);
        }
        h.put(field, out);
    }

    static Map<String, Object> restart(String policy) {
        Map<String, Object> r = new LinkedHashMap<>();
        String[] parts = policy.split(":", 2);
        String name = parts[0];
        if (!List.of("no", "always", "unless-stopped", "on-failure").contains(name)) {
            throw new UsageException("invalid restart policy: unknown policy '" + name + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
        r.put("Name", name);
        if (parts.length > 1) {
            try {
                r.put("MaximumRetryCount", Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                throw new UsageException("invalid restart policy format: maximum retry count must be an integer");
            }
        }
        return r;
    }

    private static List<Object> env(CreateOptions o, Map<String, String> environment) {
        List<Object> out = new ArrayList<>();
        for (String file : o.envFiles) out.addAll(KeyValueFile.read(file, environment));
        for (String e : o.env) out.add(envEntry(e, environment));
        return out;
    }

    /** {@code KEY=value} as given; a bare {@code KEY} takes the value from this environment if set. */
    static String envEntry(String e, Map<String, String> environment) {
        if (e.indexOf('=') >= 0) return e;
        String v = environment.get(e);
        return v == null ? e : e + "=" + v;
    }

    /** The streams {@code -a} names (stdin, stdout, stderr), any case; another name is a flag error. */
    static boolean[] streams(CreateOptions o) {
        boolean[] s = new boolean[3];
        for (String a : o.attach) {
            switch (a.toLowerCase(java.util.Locale.ROOT)) {
                case "stdin" -> s[0] = true;
                case "stdout" -> s[1] = true;
                case "stderr" -> s[2] = true;
                default -> throw new UsageException("invalid argument \"" + a
                        + "\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR");
            }
        }
        return s;
    }

    private static Map<String, Object> keyValues(List<String> kvs) {
        return labels(kvs);
    }

    private static Map<String, Object> labels(List<String> labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String l : labels) {
            int eq = l.indexOf('=');
            m.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, String value) {
        if (value != null) m.put(key, value);
    }
}
