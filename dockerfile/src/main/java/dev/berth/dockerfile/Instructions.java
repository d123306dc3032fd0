package dev.berth.dockerfile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.berth.dockerfile.Instruction.Arg;
import dev.berth.dockerfile.Instruction.ArgDecl;
import dev.berth.dockerfile.Instruction.CommandLine;
import dev.berth.dockerfile.Instruction.KeyValue;
import dev.berth.dockerfile.Instruction.Source;

/**
 * The second pass: a {@link Node} becomes a typed {@link Instruction} (or the FROM that opens a
 * {@link Stage}), with the argument counts, flags and values Docker checks at parse time and
 * Docker's messages when they are wrong.
 */
final class Instructions {

    static final Set<String> NAMES = Set.of("add", "arg", "cmd", "copy", "entrypoint", "env", "expose", "from",
            "healthcheck", "label", "maintainer", "onbuild", "run", "shell", "stopsignal", "user", "volume",
            "workdir");

    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Duration MINIMUM_DURATION = Duration.ofMillis(1);

    /** What a node is: a stage's FROM, or an instruction inside one. */
    sealed interface Parsed {
    }

    record From(String baseName, Optional<String> name, Optional<String> platform, Source source) implements Parsed {
    }

    record Command(Instruction instruction) implements Parsed {
    }

    private Instructions() {
    }

    static Parsed parse(Node node) {
        Source source = new Source(node.startLine(), node.original().strip());
        List<String> args = node.args();
        BuilderFlags flags = new BuilderFlags(node.flags());
        switch (node.keyword()) {
            case "from":
                return from(node, source, flags);
            case "run":
                // BuildKit's RUN flags parse (as the classic builder's parser knows them); the step refuses them
                flags.string("mount").string("network").string("security").parse();
                return cmd(new Instruction.Run(source, commandLine(node), node.heredocs(),
                        flags.used(List.of("mount", "network", "security"))));
            case "cmd":
                flags.parse();
                return cmd(new Instruction.Cmd(source, commandLine(node)));
            case "entrypoint":
                flags.parse();
                return cmd(new Instruction.Entrypoint(source, commandLine(node)));
            case "shell":
                flags.parse();
                if (args.isEmpty()) {
                    throw atLeastOne("SHELL");
                }
                if (!node.json()) {
                    throw new DockerfileException("SHELL requires the arguments to be in JSON form");
                }
                return cmd(new Instruction.Shell(source, args));
            case "env":
                flags.parse();
                return cmd(new Instruction.Env(source, pairs(args, "ENV")));
            case "label":
                flags.parse();
                return cmd(new Instruction.Label(source, pairs(args, "LABEL")));
            case "arg":
                return cmd(arg(source, args));
            case "expose":
                if (args.isEmpty()) {
                    throw atLeastOne("EXPOSE");
                }
                flags.parse();
                return cmd(new Instruction.Expose(source, args.stream().sorted().toList()));
            case "user":
                exactlyOne(args, "USER");
                flags.parse();
                return cmd(new Instruction.User(source, args.get(0)));
            case "workdir":
                exactlyOne(args, "WORKDIR");
                flags.parse();
                return cmd(new Instruction.Workdir(source, args.get(0)));
            case "stopsignal":
                exactlyOne(args, "STOPSIGNAL");
                return cmd(new Instruction.StopSignal(source, args.get(0)));
            case "maintainer":
                exactlyOne(args, "MAINTAINER");
                flags.parse();
                return cmd(new Instruction.Maintainer(source, args.get(0)));
            case "volume":
                return cmd(volume(source, args, flags));
            case "copy":
                return cmd(copy(node, source, flags));
            case "add":
                return cmd(add(node, source, flags));
            case "healthcheck":
                return cmd(HealthcheckParser.parse(node, source, flags));
            case "onbuild":
                return cmd(onbuild(node, source, flags));
            default:
                String message = "unknown instruction: " + node.keyword();
                String match = Suggest.closest(node.keyword(), NAMES);
                throw new DockerfileException(match == null ? message : message + " (did you mean " + match + "?)");
        }
    }

    private static Parsed cmd(Instruction instruction) {
        return new Command(instruction);
    }

    private static From from(Node node, Source source, BuilderFlags flags) {
        List<String> args = node.args();
        Optional<String> name = Optional.empty();
        if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
            String stage = args.get(2).toLowerCase(Locale.ROOT);
            if (!STAGE_NAME.matcher(stage).matches()) {
                throw new DockerfileException("invalid name for build stage: \"" + args.get(2)
                        + "\", name can't start with a number or contain symbols");
            }
            name = Optional.of(stage);
        } else if (args.size() != 1) {
            throw new DockerfileException("FROM requires either one or three arguments");
        }
        flags.string("platform").parse();
        return new From(args.get(0), name, flags.value("platform"), source);
    }

    private static CommandLine commandLine(Node node) {
        return new CommandLine(node.args(), !node.json());
    }

    static List<KeyValue> pairs(List<String> args, String keyword) {
        if (args.isEmpty()) {
            throw atLeastOne(keyword);
        }
        if (args.size() % 2 != 0) {
            throw new DockerfileException("Bad input to " + keyword + ", too many arguments");
        }
        List<KeyValue> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (args.get(i).isEmpty()) {
                throw new DockerfileException(keyword + " names can not be blank");
            }
            out.add(new KeyValue(args.get(i), args.get(i + 1)));
        }
        return out;
    }

    private static Arg arg(Source source, List<String> args) {
        if (args.isEmpty()) {
            throw atLeastOne("ARG");
        }
        List<ArgDecl> decls = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                decls.add(new ArgDecl(arg, Optional.empty()));
            } else if (eq == 0) {
                throw new DockerfileException("ARG names can not be blank");
            } else {
                decls.add(new ArgDecl(arg.substring(0, eq), Optional.of(arg.substring(eq + 1))));
            }
        }
        return new Arg(source, decls);
    }

    private static Instruction.Volume volume(Source source, List<String> args, BuilderFlags flags) {
        if (args.isEmpty()) {
            throw atLeastOne("VOLUME");
        }
        flags.parse();
        List<String> paths = new ArrayList<>();
        for (String v : args) {
            if (v.isBlank()) {
                throw new DockerfileException("VOLUME specified can not be an empty string");
            }
            paths.add(v.strip());
        }
        return new Instruction.Volume(source, paths);
    }

    private static Instruction.Copy copy(Node node, Source source, BuilderFlags flags) {
        if (node.args().size() < 2) {
            throw noDestination("COPY");
        }
        flags.string("chown").string("from").string("chmod").bool("link").parse();
        Sources s = sources(node, "COPY");
        return new Instruction.Copy(source, s.paths, s.inline, s.dest, flags.value("from"), flags.value("chown"),
                flags.value("chmod"), flags.isTrue("link"));
    }

    private static Instruction.Add add(Node node, Source source, BuilderFlags flags) {
        if (node.args().size() < 2) {
            throw noDestination("ADD");
        }
        flags.string("chown").string("chmod").bool("link").bool("keep-git-dir").string("checksum").parse();
        Sources s = sources(node, "ADD");
        return new Instruction.Add(source, s.paths, s.inline, s.dest, flags.value("chown"), flags.value("chmod"),
                flags.isTrue("link"), flags.value("checksum"), flags.isTrue("keep-git-dir"));
    }

    private record Sources(List<String> paths, List<Heredoc> inline, String dest) {
    }

    /** Which sources are here-documents ({@code <<EOF} words naming one of the node's heredocs). */
    private static Sources sources(Node node, String keyword) {
        List<String> args = node.args();
        String dest = args.get(args.size() - 1);
        if (!node.json() && !LineParser.heredocsIn(dest).isEmpty()) {
            throw new DockerfileException(keyword + " cannot accept a heredoc as a destination");
        }
        Map<String, Heredoc> byName = new HashMap<>();
        node.heredocs().forEach(h -> byName.put(h.name(), h));
        List<String> paths = new ArrayList<>();
        List<Heredoc> inline = new ArrayList<>();
        for (String src : args.subList(0, args.size() - 1)) {
            List<Heredoc> doc = node.json() ? List.of() : LineParser.heredocsIn(src);
            if (doc.size() == 1 && byName.containsKey(doc.get(0).name())) {
                inline.add(byName.get(doc.get(0).name()));
            } else {
                paths.add(src);
            }
        }
        return new Sources(paths, inline, dest);
    }

    private static Instruction.Onbuild onbuild(Node node, Source source, BuilderFlags flags) {
        if (node.trigger() == null) {
            throw atLeastOne("ONBUILD");
        }
        flags.parse();
        String trigger = node.trigger().keyword().toUpperCase(Locale.ROOT);
        switch (trigger) {
            case "ONBUILD" -> throw new DockerfileException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
            case "MAINTAINER", "FROM" -> throw new DockerfileException(trigger + " isn't allowed as an ONBUILD trigger");
            default -> {
            }
        }
        String expression = node.original().replaceFirst("(?i)^\\s*ONBUILD\\s*", "");
        return new Instruction.Onbuild(source, expression);
    }

    static Duration interval(String flag, Optional<String> value) {
        if (value.isEmpty() || value.get().isEmpty()) {
            return Duration.ZERO;
        }
        Duration d = GoDuration.parse(value.get());
        if (!d.isZero() && d.compareTo(MINIMUM_DURATION) < 0) {
            throw new DockerfileException("Interval \"" + flag + "\" cannot be less than 1ms");
        }
        return d;
    }

    static DockerfileException atLeastOne(String keyword) {
        return new DockerfileException(keyword + " requires at least one argument");
    }

    private static void exactlyOne(List<String> args, String keyword) {
        if (args.size() != 1) {
            throw new DockerfileException(keyword + " requires exactly one argument");
        }
    }

    private static DockerfileException noDestination(String keyword) {
        return new DockerfileException(keyword
                + " requires at least two arguments, but only one was provided. Destination could not be determined");
    }
}
