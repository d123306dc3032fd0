package dev.berth.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Applies Dockerfile instructions given as {@code docker import --change} / {@code docker commit
 * --change} strings. Only the instructions moby accepts there are valid; the rest fail with moby's
 * message. Variables in ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME and STOPSIGNAL expand from the
 * environment as it stands at that instruction, as the builder does; CMD/ENTRYPOINT do not expand.
 */
public final class ConfigChanges {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> VALID = Set.of(
            "cmd", "entrypoint", "env", "expose", "healthcheck", "label", "onbuild", "stopsignal",
            "user", "volume", "workdir");

    private ConfigChanges() {}

    public static ContainerDefaults apply(ContainerDefaults base, List<String> changes) {
        List<String[]> parsed = new ArrayList<>();
        for (String change : changes == null ? List.<String>of() : changes) {
            for (String line : change.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] kv = trimmed.split("\\s+", 2);
                // Validate everything before applying anything, as moby does.
                if (!VALID.contains(kv[0].toLowerCase(Locale.ROOT))) {
                    throw EngineException.invalid(kv[0] + " is not a valid change command");
                }
                parsed.add(new String[] {kv[0].toLowerCase(Locale.ROOT), kv.length > 1 ? kv[1].strip() : ""});
            }
        }
        ContainerDefaults c = base == null ? ContainerDefaults.EMPTY : base;
        boolean cmdSet = false;
        for (String[] p : parsed) {
            String instr = p[0];
            String rest = p[1];
            switch (instr) {
                case "cmd" -> {
                    c = c.withCmd(commandLine(rest));
                    cmdSet = true;
                }
                case "entrypoint" -> {
                    c = c.withEntrypoint(commandLine(rest));
                    // An ENTRYPOINT drops an inherited CMD unless this same set of changes set one.
                    if (!cmdSet) {
                        c = c.withCmd(null);
                    }
                }
                case "env" -> c = env(c, rest);
                case "label" -> c = label(c, rest);
                case "workdir" -> c = c.withWorkingDir(workdir(c, expand(c, requireArg("WORKDIR", rest))));
                case "user" -> c = c.withUser(expand(c, requireArg("USER", rest)));
                case "stopsignal" -> c = c.withStopSignal(expand(c, requireArg("STOPSIGNAL", rest)));
                case "expose" -> c = expose(c, rest);
                case "volume" -> c = volume(c, rest);
                case "onbuild" -> c = c.withOnBuildTrigger(onbuild(requireArg("ONBUILD", rest)));
                case "healthcheck" -> c = c.withHealthcheck(HealthcheckChange.parse(rest, ConfigChanges::jsonArray));
                default -> throw new EngineException(ErrorKind.NOT_IMPLEMENTED,
                        instr.toUpperCase(Locale.ROOT) + " is not supported as a change yet");
            }
        }
        return c;
    }

    /** JSON exec form, else shell form wrapped in {@code /bin/sh -c}. */
    private static List<String> commandLine(String rest) {
        List<String> exec = jsonArray(rest);
        if (exec != null) {
            return exec;
        }
        return List.of("/bin/sh", "-c", rest);
    }

    /** The strings of a JSON array of strings, or null when {@code rest} is not one (then it is shell form). */
    private static List<String> jsonArray(String rest) {
        if (!rest.startsWith("[")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(rest);
            if (n == null || !n.isArray()) {
                return null;
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual()) {
                    return null;
                }
                out.add(e.asText());
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    private static ContainerDefaults env(ContainerDefaults c, String rest) {
        for (String[] kv : nameValues("ENV", rest, c)) {
            c = c.withEnv(kv[0], kv[1]);
        }
        return c;
    }

    private static ContainerDefaults label(ContainerDefaults c, String rest) {
        for (String[] kv : nameValues("LABEL", rest, c)) {
            c = c.withLabel(kv[0], kv[1]);
        }
        return c;
    }

    /** {@code k=v k2="v 2"} pairs, or the legacy {@code k rest of line} form. */
    private static List<String[]> nameValues(String instr, String rest, ContainerDefaults c) {
        requireArg(instr, rest);
        List<String> words = ShellWords.split(rest);
        List<String[]> out = new ArrayList<>();
        if (!words.get(0).contains("=")) {
            String[] parts = rest.split("\\s+", 2);
            if (parts.length < 2) {
                throw EngineException.invalid(instr + " must have two arguments");
            }
            out.add(new String[] {parts[0], expand(c, parts[1])});
            return out;
        }
        for (String w : words) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                throw EngineException.invalid("Syntax error - can't find = in \"" + w + "\". Must be of the form: name=value");
            }
            String key = ShellWords.process(w.substring(0, eq), name -> c.envValue(name));
            if (key.isEmpty()) {
                throw EngineException.invalid(instr + " names can not be blank");
            }
            out.add(new String[] {key, expand(c, w.substring(eq + 1))});
        }
        return out;
    }

    private static ContainerDefaults expose(ContainerDefaults c, String rest) {
        requireArg("EXPOSE", rest);
        for (String w : ShellWords.split(rest)) {
            for (String port : PortSpec.expand(expand(c, w))) {
                c = c.withExposedPort(port);
            }
        }
        return c;
    }

    private static ContainerDefaults volume(ContainerDefaults c, String rest) {
        requireArg("VOLUME", rest);
        List<String> paths = jsonArray(rest);
        if (paths == null) {
            paths = new ArrayList<>();
            for (String w : ShellWords.split(rest)) {
                paths.add(expand(c, w));
            }
        }
        for (String p : paths) {
            if (p.isBlank()) {
                throw EngineException.invalid("VOLUME specified can not be an empty string");
            }
            c = c.withVolume(p.strip());
        }
        return c;
    }

    /** Relative WORKDIRs resolve against the current one, as the builder's normalizeWorkdir does. */
    private static String workdir(ContainerDefaults c, String requested) {
        String current = c.workingDir() == null ? "/" : c.workingDir();
        Path p = requested.startsWith("/") ? Path.of(requested) : Path.of("/", current, requested);
        return p.normalize().toString();
    }

    private static String expand(ContainerDefaults c, String word) {
        return ShellWords.process(word, c::envValue);
    }

    private static String requireArg(String instr, String rest) {
        if (rest.isEmpty()) {
            throw EngineException.invalid(instr + " requires at least one argument");
        }
        return rest;
    }

    /** A trigger as moby's ONBUILD dispatcher checks it: FROM, MAINTAINER and ONBUILD itself are refused. */
    static String onbuild(String trigger) {
        String keyword = trigger.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
        switch (keyword) {
            case "ONBUILD" -> throw EngineException.invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw EngineException.invalid(keyword + " isn't allowed as an ONBUILD trigger");
            default -> {
                return trigger;
            }
        }
    }
}
