package dev.berth.driver.runc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Docker's seccomp profile format turned into OCI {@code linux.seccomp} for one host and one set of
 * capabilities: the architecture map picks the native architecture and its sub-architectures, and
 * each rule's {@code includes}/{@code excludes} (caps, arches, minKernel) decide whether it applies.
 */
final class SeccompProfile {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** Go's architecture names to libseccomp's. */
    private static final Map<String, String> SCMP_ARCH = Map.ofEntries(
            Map.entry("amd64", "SCMP_ARCH_X86_64"),
            Map.entry("386", "SCMP_ARCH_X86"),
            Map.entry("arm64", "SCMP_ARCH_AARCH64"),
            Map.entry("arm", "SCMP_ARCH_ARM"),
            Map.entry("ppc64le", "SCMP_ARCH_PPC64LE"),
            Map.entry("s390x", "SCMP_ARCH_S390X"),
            Map.entry("riscv64", "SCMP_ARCH_RISCV64"),
            Map.entry("loong64", "SCMP_ARCH_LOONGARCH64"));

    /** The profile's arch names that mean this host (Docker matches {@code x86} for 386 too). */
    private static final Map<String, List<String>> ARCH_ALIASES = Map.of(
            "386", List.of("386", "x86"),
            "loong64", List.of("loong64", "loongarch64"));

    private final JsonNode profile;

    private SeccompProfile(JsonNode profile) {
        this.profile = profile;
    }

    /** Docker's default profile, shipped as a resource. */
    static SeccompProfile dockerDefault() {
        try (InputStream in = SeccompProfile.class.getResourceAsStream("seccomp-default.json")) {
            if (in == null) {
                throw new IllegalStateException("seccomp-default.json missing from the classpath");
            }
            return new SeccompProfile(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SeccompProfile parse(String json) {
        try {
            return new SeccompProfile(new ObjectMapper().readTree(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The OCI {@code linux.seccomp} object for a host architecture, kernel and capability set. */
    ObjectNode toOci(String goArch, String kernel, Collection<String> caps) {
        ObjectNode out = F.objectNode();
        out.put("defaultAction", profile.path("defaultAction").asText("SCMP_ACT_ERRNO"));
        if (profile.has("defaultErrnoRet")) {
            out.put("defaultErrnoRet", profile.get("defaultErrnoRet").asInt());
        }
        ArrayNode arches = out.putArray("architectures");
        String native_ = SCMP_ARCH.get(goArch);
        for (JsonNode m : profile.path("archMap")) {
            if (m.path("architecture").asText().equals(native_)) {
                arches.add(native_);
                for (JsonNode sub : m.path("subArchitectures")) {
                    arches.add(sub.asText());
                }
            }
        }
        ArrayNode syscalls = out.putArray("syscalls");
        for (JsonNode rule : profile.path("syscalls")) {
            if (!applies(rule, goArch, kernel, caps)) {
                continue;
            }
            ObjectNode s = syscalls.addObject();
            ArrayNode names = s.putArray("names");
            if (rule.has("names")) {
                rule.get("names").forEach(names::add);
            } else if (rule.has("name")) {
                names.add(rule.get("name").asText());
            }
            s.put("action", rule.path("action").asText());
            if (rule.hasNonNull("errnoRet")) {
                s.put("errnoRet", rule.get("errnoRet").asInt());
            }
            if (rule.path("args").isArray() && rule.get("args").size() > 0) {
                ArrayNode args = s.putArray("args");
                for (JsonNode a : rule.get("args")) {
                    ObjectNode o = args.addObject();
                    o.put("index", a.path("index").asInt());
                    o.put("value", a.path("value").asLong());
                    if (a.path("valueTwo").asLong() != 0) {
                        o.put("valueTwo", a.path("valueTwo").asLong());
                    }
                    o.put("op", a.path("op").asText());
                }
            }
        }
        return out;
    }

    private static boolean applies(JsonNode rule, String goArch, String kernel, Collection<String> caps) {
        List<String> archNames = ARCH_ALIASES.getOrDefault(goArch, List.of(goArch));
        JsonNode inc = rule.path("includes");
        if (inc.isObject()) {
            for (JsonNode c : inc.path("caps")) {
                if (!caps.contains(c.asText())) {
                    return false;
                }
            }
            if (inc.path("arches").size() > 0 && !containsAny(inc.path("arches"), archNames)) {
                return false;
            }
            if (inc.hasNonNull("minKernel") && compareKernel(kernel, inc.get("minKernel").asText()) < 0) {
                return false;
            }
        }
        JsonNode exc = rule.path("excludes");
        if (exc.isObject()) {
            for (JsonNode c : exc.path("caps")) {
                if (caps.contains(c.asText())) {
                    return false;
                }
            }
            if (containsAny(exc.path("arches"), archNames)) {
                return false;
            }
            if (exc.hasNonNull("minKernel") && compareKernel(kernel, exc.get("minKernel").asText()) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsAny(JsonNode array, List<String> names) {
        for (JsonNode n : array) {
            if (names.contains(n.asText())) {
                return true;
            }
        }
        return false;
    }

    /** Compares {@code major.minor} of two kernel releases ({@code 6.1.0-18-amd64} vs {@code 4.8}). */
    static int compareKernel(String release, String min) {
        int[] a = majorMinor(release);
        int[] b = majorMinor(min);
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    private static int[] majorMinor(String v) {
        String[] parts = v.split("[.\\-+]");
        int[] out = new int[2];
        for (int i = 0; i < 2 && i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
        }
        return out;
    }
}
