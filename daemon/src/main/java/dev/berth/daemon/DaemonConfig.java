package dev.berth.daemon;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code daemon.json}, typed, with dockerd's key names; the command line's flags are read into the
 * same record under the same names, so "given both ways" is one comparison. A component is null when
 * the file (or the command line) does not set it; {@link DaemonOptions#from} applies the defaults.
 *
 * <p>Adding a setting is adding a component here (and, when it has a flag, one line in {@link Main}).
 * A key dockerd knows and Berth does not honour is refused by name ({@link DockerdDirectives}); any
 * other key is refused with dockerd's own wording.
 *
 * @param hostGatewayIps what {@code --add-host NAME:host-gateway} stands for; the file's older single
 *                      {@code host-gateway-ip} is read into it, as dockerd migrates it
 * @param binfmtMiscDir Berth's own: where the runc driver looks for emulators (tests point it elsewhere)
 * @param pluginDir     Berth's own: the directory whose jars hold more drivers
 * @param init          run containers that do not say otherwise under docker-init ({@code --init})
 * @param logDriver     containers' log driver when they name none ({@code json-file}, {@code local}, {@code none})
 * @param logOpts       that driver's options for containers that do not set them
 * @param defaultUlimits rlimits of every container's process unless its own {@code --ulimit} names them
 * @param group         the unix socket's group ({@code -G}), created if missing; default {@code berth}
 * @param tls           serve TCP hosts over TLS; {@code tlsverify} implies it and requires client certificates
 *                      signed by {@code tlscacert} (files default to {@code $DOCKER_CERT_PATH} or {@code ~/.docker})
 * @param authorizationPlugins names of {@code AuthorizationProvider}s (or Docker plugin sockets) every request is put to, in order
 * @param dockerPluginDirs Berth's own: where Docker's plugin sockets and specs are looked for (default
 *                      {@code /run/docker/plugins}, {@code /etc/docker/plugins}, {@code /usr/lib/docker/plugins})
 * @param dockerPluginTimeout Berth's own: seconds a Docker plugin may take to appear and to answer a call (default 30)
 * @param runtimes      more OCI runtimes beside runc, by name ({@code --add-runtime NAME=PATH})
 * @param metricsAddr   {@code HOST:PORT} where Prometheus metrics are served ({@code --metrics-addr}); unset: none
 * @param historyRetention Berth's own: how long the journal keeps the events of gone objects (Go duration,
 *                      e.g. {@code "720h"}); unset: every event is kept
 * @param eventSinks    Berth's own: where every journaled event is also delivered ({@code SinkConfig})
 * @param dns           DNS servers of containers that name none ({@code --dns}); forwarded to by the embedded DNS
 * @param dnsSearch     search domains of containers that name none ({@code --dns-search})
 * @param dnsOpts       resolver options of containers that name none ({@code --dns-opt})
 * @param ip            the host address of a port published on the default bridge without one ({@code --ip})
 * @param mtu           the default bridge's MTU ({@code --mtu}; default 1500)
 * @param ipMasq        masquerade the default bridge's traffic out ({@code --ip-masq}; default true)
 * @param icc           containers on the default bridge reach each other ({@code --icc}; default true)
 * @param defaultNetworkOpts per driver, the options of a network created without them ({@code --default-network-opt})
 * @param seccompProfile the seccomp profile of containers that name none: builtin (Docker's), unconfined or a file
 * @param initPath      the init {@code --init} runs (default Debian's tini-static)
 * @param defaultIpcMode IpcMode of a container created without one: private (dockerd's default) or shareable
 * @param defaultCgroupnsMode CgroupnsMode of a container created without one: host or private
 * @param noNewPrivileges containers run with no_new_privs unless they opt out ({@code no-new-privileges=false})
 * @param cpuRtPeriod   {@code cpu.rt_period_us} written into every cgroup above a container ({@code --cpu-rt-period})
 * @param cpuRtRuntime  {@code cpu.rt_runtime_us} written likewise ({@code --cpu-rt-runtime}): the real-time budget
 *                      containers' own {@code --cpu-rt-runtime} is carved from
 * @param defaultShmSize /dev/shm of a container created without {@code --shm-size} ({@code --default-shm-size},
 *                      go-units RAMInBytes: "1g", "512m"; default 64 MiB)
 * @param labels        the engine's labels ({@code --label KEY=VALUE}), shown by {@code docker info}
 * @param ipv6          the default bridge has IPv6 ({@code --ipv6})
 * @param fixedCidrV6   its IPv6 subnet ({@code --fixed-cidr-v6}); without it, a /64 of the daemon's ULA prefix
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record DaemonConfig(
        @JsonProperty("hosts") List<String> hosts,
        @JsonProperty("data-root") String dataRoot,
        @JsonProperty("exec-root") String execRoot,
        @JsonProperty("pidfile") String pidfile,
        @JsonProperty("log-level") String logLevel,
        @JsonProperty("debug") Boolean debug,
        @JsonProperty("default-runtime") String defaultRuntime,
        @JsonProperty("bridge") String bridge,
        @JsonProperty("bip") String bip,
        @JsonProperty("host-gateway-ips") List<String> hostGatewayIps,
        @JsonProperty("default-address-pools") List<AddressPool> defaultAddressPools,
        @JsonProperty("insecure-registries") List<String> insecureRegistries,
        @JsonProperty("registry-mirrors") List<String> registryMirrors,
        @JsonProperty("max-concurrent-downloads") Integer maxConcurrentDownloads,
        @JsonProperty("max-concurrent-uploads") Integer maxConcurrentUploads,
        @JsonProperty("cgroup-parent") String cgroupParent,
        @JsonProperty("binfmt-misc-dir") String binfmtMiscDir,
        @JsonProperty("plugin-dir") String pluginDir,
        @JsonProperty("init") Boolean init,
        @JsonProperty("log-driver") String logDriver,
        @JsonProperty("log-opts") Map<String, String> logOpts,

        @JsonProperty("default-ulimits") Map<String, DefaultUlimit> defaultUlimits,
        @JsonProperty("group") String group,
        @JsonProperty("tls") Boolean tls,
        @JsonProperty("tlsverify") Boolean tlsVerify,
        @JsonProperty("tlscacert") String tlsCaCert,
        @JsonProperty("tlscert") String tlsCert,
        @JsonProperty("tlskey") String tlsKey,
        @JsonProperty("authorization-plugins") List<String> authorizationPlugins,
        @JsonProperty("docker-plugin-dirs") List<String> dockerPluginDirs,
        @JsonProperty("docker-plugin-timeout") Integer dockerPluginTimeout,
        @JsonProperty("runtimes") Map<String, RuntimeConfig> runtimes,
        @JsonProperty("metrics-addr") String metricsAddr,
        @JsonProperty("history-retention") String historyRetention,
        @JsonProperty("event-sinks") List<Map<String, Object>> eventSinks,
        @JsonProperty("dns") List<String> dns,
        @JsonProperty("dns-search") List<String> dnsSearch,
        @JsonProperty("dns-opts") List<String> dnsOpts,
        @JsonProperty("ip") String ip,
        @JsonProperty("mtu") Integer mtu,
        @JsonProperty("ip-masq") Boolean ipMasq,
        @JsonProperty("default-shm-size") String defaultShmSize,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("icc") Boolean icc,
        @JsonProperty("default-network-opts") Map<String, Map<String, String>> defaultNetworkOpts,
        @JsonProperty("seccomp-profile") String seccompProfile,
        @JsonProperty("init-path") String initPath,
        @JsonProperty("default-ipc-mode") String defaultIpcMode,
        @JsonProperty("default-cgroupns-mode") String defaultCgroupnsMode,
        @JsonProperty("no-new-privileges") Boolean noNewPrivileges,
        @JsonProperty("cpu-rt-period") Long cpuRtPeriod,
        @JsonProperty("cpu-rt-runtime") Long cpuRtRuntime,
        @JsonProperty("ipv6") Boolean ipv6,
        @JsonProperty("fixed-cidr-v6") String fixedCidrV6) {

    /**
     * One of {@code runtimes}: {"crun": {"path": "/usr/bin/crun", "runtimeArgs": []}}. dockerd's
     * {@code runtimeType} and {@code options} (containerd shims) are read to be refused by name.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RuntimeConfig(@JsonProperty("path") String path, @JsonProperty("runtimeArgs") List<String> runtimeArgs,
                         @JsonProperty("runtimeType") String runtimeType,
                         @JsonProperty("options") Map<String, Object> options) {}

    /** One of {@code default-ulimits}: {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}}, as dockerd reads it. */
    record DefaultUlimit(@JsonProperty("Name") String name, @JsonProperty("Hard") long hard,
                         @JsonProperty("Soft") long soft) {}

    /** One of {@code default-address-pools}: {"base": "10.10.0.0/16", "size": 24}. */
    record AddressPool(@JsonProperty("base") String base, @JsonProperty("size") int size) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    /** Every key this record reads, in its own spelling. */
    static final Set<String> KEYS = keys();

    private static Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (var c : DaemonConfig.class.getRecordComponents()) {
            keys.add(c.getAccessor().getAnnotation(JsonProperty.class).value());
        }
        return Set.copyOf(keys);
    }

    /**
     * Reads the file. A missing file is an empty configuration unless it was named on the command line.
     *
     * @throws IllegalArgumentException with dockerd's wording: unknown keys, keys Berth does not honour,
     *     malformed JSON, wrong types
     */
    static DaemonConfig read(Path file, boolean explicit) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            if (explicit) {
                throw fileError(file, "open " + file + ": no such file or directory");
            }
            return parse(JSON.createObjectNode());
        } catch (IOException e) {
            throw fileError(file, e.getMessage());
        }
        try {
            JsonNode tree = new String(bytes, StandardCharsets.UTF_8).isBlank()
                    ? JSON.createObjectNode() : JSON.readTree(bytes);
            if (!(tree instanceof ObjectNode object)) {
                throw new IllegalArgumentException("the configuration is not a JSON object");
            }
            HostGatewayIps.migrate(object);
            checkKeys(object);
            return parse(object);
        } catch (IllegalArgumentException e) {
            throw fileError(file, e.getMessage());
        } catch (JsonProcessingException e) {
            throw fileError(file, e.getOriginalMessage());
        } catch (IOException e) {
            throw fileError(file, e.getMessage());
        }
    }

    /** The command line's settings, keyed by the file's names (only the flags given). */
    static DaemonConfig fromFlags(Map<String, Object> flags) {
        return JSON.convertValue(flags, DaemonConfig.class);
    }

    /**
     * The file's settings with the flags' on top. As dockerd, a key set both ways is an error, not an
     * override: which one wins would be a guess.
     */
    static DaemonConfig merge(DaemonConfig file, DaemonConfig flags) {
        Map<String, JsonNode> fromFile = file.set();
        Map<String, JsonNode> fromFlags = flags.set();
        List<String> both = new ArrayList<>();
        for (var e : fromFlags.entrySet()) {
            if (fromFile.containsKey(e.getKey())) {
                both.add(e.getKey() + ": (from flag: " + goValue(e.getValue()) + ", from file: "
                        + goValue(fromFile.get(e.getKey())) + ")");
            }
        }
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("the following directives are specified both as a flag and in the "
                    + "configuration file: " + String.join(", ", both));
        }
        ObjectNode merged = JSON.valueToTree(file);
        merged.setAll(JSON.<ObjectNode>valueToTree(flags));
        return parse(merged);
    }

    /** The keys this configuration sets, with their values. */
    Map<String, JsonNode> set() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JSON.<ObjectNode>valueToTree(this).fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** dockerd's order of complaints: keys nobody knows first, then keys Berth does not honour. */
    private static void checkKeys(ObjectNode object) {
        Set<String> unknown = new TreeSet<>();
        List<String> unsupported = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            if (KEYS.contains(key)) {
                continue;
            }
            if (!DockerdDirectives.known(key)) {
                unknown.add(key);
            } else if (!DockerdDirectives.asBerthDoes(key, e.getValue())) {
                unsupported.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the following directives don't match any configuration option: "
                    + String.join(", ", unknown));
        }
        if (!unsupported.isEmpty()) {
            List<String> each = unsupported.stream().sorted().map(k -> k + " is not supported by Berth yet").toList();
            throw new IllegalArgumentException(String.join("; ", each));
        }
        // what is left of dockerd's keys asks for what Berth does anyway: nothing to keep
        object.retain(KEYS);
    }

    private static DaemonConfig parse(ObjectNode object) {
        try {
            return JSON.treeToValue(object, DaemonConfig.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /** How Go's %v prints a value: dockerd prints the two sides of a conflict so. */
    private static String goValue(JsonNode v) {
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(i -> items.add(goValue(i)));
            return "[" + String.join(" ", items) + "]";
        }
        return v.isValueNode() ? v.asText() : v.toString();
    }

    private static IllegalArgumentException fileError(Path file, String message) {
        return new IllegalArgumentException("unable to configure the Docker daemon with file " + file + ": " + message);
    }
}
