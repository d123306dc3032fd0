package dev.berth.engine.build;

import dev.berth.dockerfile.Instruction;
import dev.berth.dockerfile.Stage;
import dev.berth.dockerfile.Substitution;
import dev.berth.dockerfile.WordExpander;
import dev.berth.image.ImageConfig;
import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.spi.EngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One stage of a classic build: FROM sets the image and its config, then each instruction makes a
 * new image — a config-only one for ENV, LABEL, CMD … (committed from a container that never
 * runs, as dockerd does, so " ---> Running in" names a real container), a layer for RUN, COPY,
 * ADD and WORKDIR ({@link FsSteps}). Variables are substituted per Docker's rules with the
 * stage's ARGs under its ENV.
 */
final class StageBuilder {
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");

    final BuildRun run;
    String imageId;
    ContainerDefaults config;
    List<String> shell = DEFAULT_SHELL;
    /** ARGs declared in this stage that have a value, in declaration order. */
    final Map<String, String> args = new LinkedHashMap<>();
    private boolean cmdSet;
    /** FROM scratch: dockerd prints its image id as empty. */
    boolean scratch;
    /** MAINTAINER's value, the Author of every image this stage makes from then on. */
    String author;
    private final FsSteps fs;

    StageBuilder(BuildRun run) {
        this.run = run;
        this.fs = new FsSteps(this);
    }

    void from(Stage stage, Map<String, String> metaArgs) {
        Map<String, String> platformArgs = new LinkedHashMap<>(metaArgs);
        platformArgs.putIfAbsent("BUILDPLATFORM", "linux/amd64");
        platformArgs.putIfAbsent("TARGETPLATFORM", "linux/amd64");
        Optional<String> platform = Substitution.platform(stage, new WordExpander(run.escape, platformArgs));
        if (platform.isPresent() && !platform.get().isEmpty() && !platform.get().equalsIgnoreCase("linux/amd64")
                && !platform.get().equalsIgnoreCase("linux")) {
            throw EngineException.invalid("FROM --platform=" + platform.get()
                    + " is not supported by Berth's builder yet: it builds linux/amd64 only");
        }
        String name = Substitution.baseName(stage, new WordExpander(run.escape, metaArgs));
        if (name.isEmpty()) {
            throw EngineException.invalid("base name (" + stage.baseName() + ") should not be blank");
        }
        String previous = run.stageImages.get(name.toLowerCase());
        if (previous != null) {
            imageId = previous;
        } else if (name.equalsIgnoreCase("scratch")) {
            imageId = run.commits.scratch("amd64");
            scratch = true;
        } else {
            imageId = BaseImages.resolve(run, name);
        }
        config = run.images.config(imageId).config();
        if (config.shell() != null) {
            shell = config.shell();
        }
        if (!config.onBuild().isEmpty()) {
            OnBuildTriggers.run(this);
        }
    }

    void dispatch(Instruction raw) {
        Instruction i = Substitution.apply(raw, new WordExpander(run.escape, environment()));
        if (i instanceof Instruction.Run r) {
            fs.run(r);
        } else if (i instanceof Instruction.Copy c) {
            fs.copy(c);
        } else if (i instanceof Instruction.Add a) {
            fs.add(a);
        } else if (i instanceof Instruction.Workdir w) {
            fs.workdir(w);
        } else if (i instanceof Instruction.Env e) {
            ContainerDefaults c = config;
            StringBuilder text = new StringBuilder("ENV");
            for (Instruction.KeyValue kv : e.pairs()) {
                c = c.withEnv(kv.key(), kv.value());
                text.append(' ').append(kv.key()).append('=').append(kv.value());
            }
            commitConfig(c, text.toString());
        } else if (i instanceof Instruction.Label l) {
            ContainerDefaults c = config;
            StringBuilder text = new StringBuilder("LABEL");
            for (Instruction.KeyValue kv : l.pairs()) {
                c = c.withLabel(kv.key(), kv.value());
                text.append(' ').append(kv.key()).append('=').append(kv.value());
            }
            commitConfig(c, text.toString());
        } else if (i instanceof Instruction.Arg a) {
            arg(a);
        } else if (i instanceof Instruction.Cmd c) {
            List<String> cmd = command(c.command());
            cmdSet = true;
            commitConfig(config.withCmd(cmd), "CMD " + json(cmd));
        } else if (i instanceof Instruction.Entrypoint e) {
            List<String> entrypoint = command(e.command());
            ContainerDefaults c = config.withEntrypoint(entrypoint.isEmpty() ? null : entrypoint);
            if (!cmdSet) {
                // An ENTRYPOINT drops the CMD the base image had, unless this stage set one.
                c = c.withCmd(null);
            }
            commitConfig(c, "ENTRYPOINT " + json(entrypoint));
        } else if (i instanceof Instruction.User u) {
            commitConfig(config.withUser(u.user()), "USER " + u.user());
        } else if (i instanceof Instruction.Expose e) {
            ContainerDefaults c = config;
            for (String p : e.ports()) {
                for (String port : Ports.expand(p)) {
                    c = c.withExposedPort(port);
                }
            }
            commitConfig(c, "EXPOSE " + String.join(" ", e.ports()));
        } else if (i instanceof Instruction.Volume v) {
            ContainerDefaults c = config;
            for (String path : v.paths()) {
                c = c.withVolume(path);
            }
            commitConfig(c, "VOLUME " + json(v.paths()));
        } else if (i instanceof Instruction.StopSignal s) {
            commitConfig(config.withStopSignal(s.signal()), "STOPSIGNAL " + s.signal());
        } else if (i instanceof Instruction.Maintainer m) {
            author = m.maintainer();
            commitConfig(config, "MAINTAINER " + m.maintainer());
        } else if (i instanceof Instruction.Shell s) {
            shell = s.shell();
            commitConfig(config.withShell(s.shell()), "SHELL " + json(s.shell()));
        } else if (i instanceof Instruction.Healthcheck h) {
            ImageConfig.HealthConfig check = new ImageConfig.HealthConfig(h.test(), h.interval().toNanos(),
                    h.timeout().toNanos(), h.startPeriod().toNanos(), h.startInterval().toNanos(), h.retries());
            commitConfig(config.withHealthcheck(check), healthcheckText(h));
        } else if (i instanceof Instruction.Onbuild o) {
            commitConfig(config.withOnBuildTrigger(o.expression()), "ONBUILD " + o.expression());
        }
    }

    /** The history line dockerd's classic builder writes: Go's {@code %v} of its HealthConfig. */
    static String healthcheckText(Instruction.Healthcheck h) {
        StringBuilder test = new StringBuilder("[");
        for (String t : h.test()) {
            test.append(test.length() > 1 ? " " : "").append('"').append(t).append('"');
        }
        return String.format("HEALTHCHECK &{%s] \"%s\" \"%s\" \"%s\" \"%s\" '\\x%02x'}", test, goDuration(h.interval()),
                goDuration(h.timeout()), goDuration(h.startPeriod()), goDuration(h.startInterval()), h.retries());
    }

    /** Go's {@code time.Duration.String} for the whole milliseconds a HEALTHCHECK flag can give. */
    static String goDuration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        if (ms < 1000) {
            return ms + "ms";
        }
        StringBuilder out = new StringBuilder();
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        long millis = ms % 60_000;
        out.append(millis % 1000 == 0 ? Long.toString(millis / 1000)
                : String.format("%d.%03d", millis / 1000, millis % 1000).replaceAll("0+$", "")).append('s');
        return out.toString();
    }

    private void arg(Instruction.Arg a) {
        StringBuilder text = new StringBuilder("ARG");
        for (Instruction.ArgDecl d : a.args()) {
            String name = d.name();
            String given = run.buildArgs.get(name);
            if (run.buildArgs.containsKey(name)) {
                run.consumedArgs.add(name);
            }
            Optional<String> value = given != null ? Optional.of(given) : d.defaultValue();
            value.ifPresent(v -> args.put(name, v));
            text.append(' ').append(name).append(d.defaultValue().map(v -> "=" + v).orElse(""));
        }
        commitConfig(config, text.toString());
    }

    /** What variables expand to: the stage's ARGs, overridden by ENV. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(args);
        for (String e : config.env()) {
            int eq = e.indexOf('=');
            env.put(eq < 0 ? e : e.substring(0, eq), eq < 0 ? "" : e.substring(eq + 1));
        }
        return env;
    }

    /** The ARGs in effect that ENV does not override: a RUN sees them as variables, history shows them. */
    Map<String, String> runArgs() {
        Map<String, String> out = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (config.envValue(k) == null) {
                out.put(k, v);
            }
        });
        run.buildArgs.forEach((k, v) -> {
            if (BuildRun.PREDEFINED_ARGS.contains(k) && v != null && config.envValue(k) == null) {
                out.put(k, v);
            }
        });
        return out;
    }

    List<String> command(Instruction.CommandLine line) {
        if (!line.shellForm()) {
            return line.args();
        }
        List<String> cmd = new ArrayList<>(shell);
        cmd.addAll(line.args());
        return cmd;
    }

    /** A step that changes only the config: a container that never runs, committed without a layer. */
    void commitConfig(ContainerDefaults next, String text) {
        String createdBy = "/bin/sh -c #(nop)  " + text;
        if (cached(createdBy, next)) {
            return;
        }
        String cid = run.containers.create(imageId, List.of("/bin/sh", "-c", "#(nop) " + text), List.of(),
                config.user(), config.workingDir());
        run.print(" ---> Running in " + BuildRun.shortId(cid) + "\n");
        String id = run.commits.commitConfig(imageId, next, createdBy, author);
        finishContainer(cid);
        imageId = id;
        config = next;
    }

    /** A cache hit: the step's image is reused, " ---> Using cache" says so. */
    boolean cached(String createdBy, ContainerDefaults expected) {
        Optional<String> hit = run.cache.probe(imageId, createdBy, expected);
        if (hit.isEmpty()) {
            return false;
        }
        run.print(" ---> Using cache\n");
        imageId = hit.get();
        config = expected;
        return true;
    }

    void finishContainer(String cid) {
        if (run.remove) {
            run.containers.remove(cid);
            run.print("Removing intermediate container " + BuildRun.shortId(cid) + "\n");
        }
    }

    static String json(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append('"').append(items.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return b.append(']').toString();
    }
}
