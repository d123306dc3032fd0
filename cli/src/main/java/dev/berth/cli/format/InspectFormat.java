package dev.berth.cli.format;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code inspect -f} as the docker CLI runs it: the template first over the object as its Go type
 * (container.InspectResponse…), where a map with string keys ({@code Config.Labels}, {@code Options}…)
 * gives {@code <no value>} for a key it lacks ({@code index} gives "") and a struct's missing field
 * fails; if that fails, over the JSON decoded into maps with {@code missingkey=error}, whose result or
 * error is the answer. The Go types are emulated by which JSON objects are maps (below), the {@code ID}
 * field of {@code "Id"}, and the empty {@code State.Health}; the printing of a whole struct
 * ({@code {{.State}}} is Go's {@code {…}}) is not: Berth prints such a value as a map.
 */
public final class InspectFormat {
    /** A null zero value (Map.of holds no nulls). */
    static final Object NIL = new Object();

    /** Per kind: the paths of the JSON objects the docker CLI's types hold as Go maps, and their zero values. */
    private static final Map<String, Map<String, Object>> GO_MAPS = Map.of(
            "container", Map.ofEntries(Map.entry("Config.Labels", ""), Map.entry("Config.Volumes", "{}"),
                    Map.entry("Config.ExposedPorts", "{}"), Map.entry("HostConfig.LogConfig.Config", ""),
                    Map.entry("HostConfig.Sysctls", ""), Map.entry("HostConfig.StorageOpt", ""),
                    Map.entry("HostConfig.Tmpfs", ""), Map.entry("HostConfig.Annotations", ""),
                    Map.entry("NetworkSettings.Networks", NIL), Map.entry("NetworkSettings.Networks.*.DriverOpts", ""),
                    Map.entry("GraphDriver.Data", "")),
            "image", Map.of("Config.Labels", "", "Config.Volumes", "{}", "Config.ExposedPorts", "{}",
                    "GraphDriver.Data", ""),
            "network", Map.of("Labels", "", "Options", "", "IPAM.Options", "", "Containers", "{    }"),
            // Status is a map of interface{}: a key it lacks is Go's invalid value, <no value>
            "volume", Map.of("Labels", "", "Options", "", "Status", Template.MISSING),
            "info", Map.of("Runtimes", NIL, "RegistryConfig.IndexConfigs", NIL),
            "version", Map.of());

    /** Per kind: the paths where the Go type has a slice, so a JSON null (or no key) prints {@code []}. */
    private static final Map<String, Set<String>> SLICES = Map.of(
            "container", Set.of("Args", "ExecIDs", "Mounts", "Config.Env", "Config.Cmd", "Config.Entrypoint",
                    "Config.Shell", "Config.OnBuild", "HostConfig.Binds", "HostConfig.VolumesFrom", "HostConfig.Mounts",
                    "HostConfig.CapAdd", "HostConfig.CapDrop", "HostConfig.Dns", "HostConfig.DnsOptions",
                    "HostConfig.DnsSearch", "HostConfig.ExtraHosts", "HostConfig.GroupAdd", "HostConfig.Links",
                    "HostConfig.SecurityOpt", "HostConfig.Devices", "HostConfig.DeviceCgroupRules",
                    "HostConfig.DeviceRequests", "HostConfig.Ulimits", "HostConfig.MaskedPaths",
                    "HostConfig.ReadonlyPaths", "NetworkSettings.Networks.*.Links", "NetworkSettings.Networks.*.Aliases",
                    "NetworkSettings.Networks.*.DNSNames"),
            "image", Set.of("RepoTags", "RepoDigests", "Config.Env", "Config.Cmd", "Config.Entrypoint", "Config.Shell",
                    "Config.OnBuild", "RootFS.Layers"),
            "network", Set.of("IPAM.Config"),
            "volume", Set.of(),
            "info", Set.of("Labels", "Warnings"),
            "version", Set.of());

    /** Per kind: plain values the Go type holds as a non-pointer (a JSON null reads as the zero value). */
    private static final Map<String, Map<String, Object>> SCALARS = Map.of(
            // berthd leaves out what dockerd's omitempty leaves out: the Go zero value reads back
            "container", Map.ofEntries(Map.entry("Config.StopSignal", ""), Map.entry("Config.NetworkDisabled", false),
                    Map.entry("Config.Domainname", ""), Map.entry("Config.User", ""), Map.entry("Config.WorkingDir", ""),
                    Map.entry("State.Health", NIL), Map.entry("Config.StopTimeout", NIL),
                    Map.entry("Config.Healthcheck", NIL), Map.entry("Config.ArgsEscaped", false),
                    Map.entry("Config.MacAddress", ""), Map.entry("HostConfig.KernelMemory", 0L),
                    Map.entry("HostConfig.KernelMemoryTCP", 0L), Map.entry("HostConfig.Init", NIL),
                    Map.entry("HostConfig.Runtime", "")),
            "image", Map.of("Config.StopSignal", "", "Config.User", "", "Config.WorkingDir", ""),
            "network", Map.of(),
            "volume", Map.of(),
            "info", Map.of(),
            "version", Map.of("Client.GitCommit", "", "Client.GoVersion", "", "Client.BuildTime", ""));

    /** Per kind: the Go types of the object ("") and of its structs a typed run's error names. */
    private static final Map<String, Map<String, String>> STRUCTS = Map.of(
            "container", Map.of("", "container.InspectResponse"), "image", Map.of("", "image.InspectResponse"),
            "network", Map.of("", "network.Inspect"), "volume", Map.of("", "volume.Volume"),
            "info", Map.of("", "system.dockerInfo", "Swarm", "swarm.Info", "Plugins", "system.PluginsInfo",
                    "RegistryConfig", "*registry.ServiceConfig"),
            "version", Map.of("", "system.versionInfo", "Client", "system.clientVersion", "Server", "*types.Version"));

    /** Per kind: Go field names the JSON spells otherwise, per struct path ("" the object). */
    private static final Map<String, Map<String, Map<String, String>>> ALIASES = Map.of(
            "container", Map.of("", Map.of("ID", "Id")), "image", Map.of("", Map.of("ID", "Id")),
            "network", Map.of("", Map.of("ID", "Id")),
            "version", Map.of("Client", Map.of("APIVersion", "ApiVersion"), "Server", Map.of("APIVersion", "ApiVersion")));

    private InspectFormat() {}

    /** The template as given (no {@code table}, no {@code \t}); one that does not parse exits 64. */
    public static Template parse(String format) {
        try {
            return Template.parse(format);
        } catch (TemplateException e) {
            throw e.prefixed("template parsing error: ", 64);
        }
    }

    /** The template over one object of {@code kind} (container, image, network, volume): typed, then raw. */
    public static String execute(Template t, Object object, String kind) {
        Object typed = typed(object, kind);
        try {
            return t.execute(typed, Template.Mode.TYPED);
        } catch (TemplateException typedFailed) {
            try {
                return t.execute(typed, Template.Mode.RAW);
            } catch (TemplateException e) {
                throw e.prefixed("template parsing error: ", 1);
            }
        }
    }

    /** The typed run only, as {@code volume inspect} does (it keeps no raw JSON). */
    public static String executeTyped(Template t, Object object, String kind) {
        try {
            return t.execute(typed(object, kind), Template.Mode.TYPED);
        } catch (TemplateException e) {
            throw e.prefixed("template parsing error: ", 1);
        }
    }

    /** The tables of one kind, and the paths that lead to their entries. */
    private record Kind(String name, Map<String, Object> maps, Set<String> slices, Map<String, Object> scalars,
            Map<String, String> structs, Set<String> prefixes) {
        static Kind of(String name) {
            Map<String, Object> maps = GO_MAPS.getOrDefault(name, Map.of());
            Set<String> slices = SLICES.getOrDefault(name, Set.of());
            Map<String, Object> scalars = SCALARS.getOrDefault(name, Map.of());
            Map<String, String> structs = STRUCTS.getOrDefault(name, Map.of());
            Set<String> prefixes = new HashSet<>(structs.keySet());
            for (Set<String> paths : List.of(maps.keySet(), slices, scalars.keySet())) {
                for (String p : paths) {
                    for (int i = p.indexOf('.'); i >= 0; i = p.indexOf('.', i + 1)) prefixes.add(p.substring(0, i));
                }
            }
            return new Kind(name, maps, slices, scalars, structs, prefixes);
        }

        /** The typed zero of {@code path} when the JSON has null or nothing there, or null if it has none. */
        Object zero(String path) {
            if (maps.containsKey(path)) {
                Object z = maps.get(path);
                return new GoMap(null, z == NIL ? null : z);
            }
            if (slices.contains(path)) return new NilList();
            return scalars.get(path);
        }
    }

    /**
     * {@code info -f} and {@code version -f} as the docker CLI runs them: the text as given ({@code json}
     * is {@code {{json .}}}) over the Go struct only, a parse error exits 64, an execution error prints
     * what was written so far and a newline, then the error, and exits 1. {@code name} is the
     * template's name ({@code version} names its template, {@code info} does not).
     */
    public static int print(String format, Object object, String kind, String name, java.io.PrintStream out,
            java.io.PrintStream err) {
        Template t;
        try {
            t = Template.parse(format.equals("json") ? "{{json .}}" : format);
        } catch (TemplateException e) {
            throw e.named(name).prefixed("template parsing error: ", 64);
        }
        StringBuilder sb = new StringBuilder();
        try {
            t.executeInto(typed(object, kind), Template.Mode.TYPED, sb);
        } catch (TemplateException e) {
            out.println(sb);
            err.println(e.named(name).getMessage());
            return 1;
        }
        out.println(sb);
        return 0;
    }

    @SuppressWarnings("unchecked")
    static Object typed(Object object, String kind) {
        if (!(object instanceof Map<?, ?> m)) return object;
        Kind k = Kind.of(kind);
        Map<String, Object> zeros = new LinkedHashMap<>();
        Map<String, Object> top = wrapChildren((Map<String, Object>) m, "", k, zeros);
        return new GoStruct(top, k.structs().getOrDefault("", "interface {}"), aliases(kind, ""), zeros);
    }

    /** The object's members, typed where the tables say; {@code zeros} gets the typed zeros of the members it lacks. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> wrapChildren(Map<String, Object> m, String path, Kind k, Map<String, Object> zeros) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        for (Map.Entry<String, Object> e : out.entrySet()) {
            String p = key(path, e.getKey(), k);
            Object v = e.getValue();
            if (v == null) {
                Object zero = k.zero(p);
                if (zero != null) v = zero == NIL ? null : zero;
            } else if (v instanceof Map<?, ?> child && k.maps().containsKey(p)) {
                Object z = k.maps().get(p);
                Map<String, Object> inner = k.prefixes().contains(p + ".*")
                        ? wrapChildren((Map<String, Object>) child, p, k, new LinkedHashMap<>()) : (Map<String, Object>) child;
                if ("{}".equals(z)) {
                    // map[string]struct{}: each value prints as Go's empty struct, {}
                    // (a loop, not a lambda: a lambda the class-data cache lacks is spun up at run time, ~2 ms)
                    Map<String, Object> structs = new LinkedHashMap<>();
                    for (Map.Entry<String, Object> x : inner.entrySet()) {
                        Object xv = x.getValue();
                        structs.put(x.getKey(), xv instanceof Map<?, ?> xm && xm.isEmpty()
                                ? new GoStruct(Map.of(), "struct {}", Map.of(), Map.of()) : xv);
                    }
                    inner = structs;
                }
                v = new GoMap(inner, z == NIL ? null : z);
            } else if (v instanceof Map<?, ?> child && k.prefixes().contains(p)) {
                Map<String, Object> childZeros = new LinkedHashMap<>();
                Map<String, Object> inner = wrapChildren((Map<String, Object>) child, p, k, childZeros);
                v = new GoStruct(inner, k.structs().getOrDefault(p, "struct"), aliases(k.name(), p), childZeros);
            }
            e.setValue(v);
        }
        // members the JSON leaves out (omitempty) that the tables know
        for (String want : tableChildren(path, k)) {
            if (!m.containsKey(want)) {
                Object zero = k.zero(key(path, want, k));
                if (zero != null) zeros.put(want, zero);
            }
        }
        return out;
    }

    private static Map<String, String> aliases(String kind, String path) {
        return ALIASES.getOrDefault(kind, Map.of()).getOrDefault(path, Map.of());
    }

    /** The names of the table entries directly under {@code path}. */
    private static Set<String> tableChildren(String path, Kind k) {
        Set<String> names = new HashSet<>();
        String base = path.isEmpty() ? "" : path + ".";
        for (Set<String> paths : List.of(k.maps().keySet(), k.slices(), k.scalars().keySet())) {
            for (String p : paths) {
                if (p.startsWith(base) && p.indexOf('.', base.length()) < 0) names.add(p.substring(base.length()));
            }
        }
        return names;
    }

    /** The table path of member {@code name} of the object at table path {@code path}: a Go map's values are {@code *}. */
    private static String key(String path, String name, Kind k) {
        if (path.isEmpty()) return name;
        return k.maps().containsKey(path) ? path + ".*" : path + "." + name;
    }
}
