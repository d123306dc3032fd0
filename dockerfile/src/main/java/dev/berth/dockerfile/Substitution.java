package dev.berth.dockerfile;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.berth.dockerfile.Instruction.Add;
import dev.berth.dockerfile.Instruction.Arg;
import dev.berth.dockerfile.Instruction.ArgDecl;
import dev.berth.dockerfile.Instruction.Copy;
import dev.berth.dockerfile.Instruction.Env;
import dev.berth.dockerfile.Instruction.Expose;
import dev.berth.dockerfile.Instruction.KeyValue;
import dev.berth.dockerfile.Instruction.Label;
import dev.berth.dockerfile.Instruction.StopSignal;
import dev.berth.dockerfile.Instruction.User;
import dev.berth.dockerfile.Instruction.Volume;
import dev.berth.dockerfile.Instruction.Workdir;

/**
 * Docker's rule for which instructions substitute variables: ENV, ARG, LABEL (names and values),
 * COPY and ADD (sources, destination, --chown, --chmod, --from), WORKDIR, USER, EXPOSE, VOLUME,
 * STOPSIGNAL. RUN, CMD, ENTRYPOINT, SHELL, HEALTHCHECK and ONBUILD are left as written: the
 * shell in the container expands them. Every instruction of one line sees the same environment,
 * so {@code ENV A=1 B=$A} gives B the value A had before the line.
 */
public final class Substitution {

    private Substitution() {
    }

    /** The instruction with its words expanded by {@code words}; instructions that do not substitute come back unchanged. */
    public static Instruction apply(Instruction instruction, WordExpander words) {
        UnaryOperator<String> x = words::expand;
        if (instruction instanceof Env e) {
            return new Env(e.source(), pairs(e.pairs(), x));
        }
        if (instruction instanceof Label l) {
            return new Label(l.source(), pairs(l.pairs(), x));
        }
        if (instruction instanceof Arg a) {
            return new Arg(a.source(), a.args().stream()
                    .map(d -> new ArgDecl(x.apply(d.name()), d.defaultValue().map(x))).toList());
        }
        if (instruction instanceof Copy c) {
            return new Copy(c.source(), all(c.sources(), x), c.inline(), x.apply(c.dest()), c.from().map(x),
                    c.chown().map(x), c.chmod().map(x), c.link());
        }
        if (instruction instanceof Add a) {
            return new Add(a.source(), all(a.sources(), x), a.inline(), x.apply(a.dest()), a.chown().map(x),
                    a.chmod().map(x), a.link(), a.checksum().map(x), a.keepGitDir());
        }
        if (instruction instanceof Workdir w) {
            return new Workdir(w.source(), x.apply(w.path()));
        }
        if (instruction instanceof User u) {
            return new User(u.source(), x.apply(u.user()));
        }
        if (instruction instanceof Expose e) {
            return new Expose(e.source(), all(e.ports(), x));
        }
        if (instruction instanceof Volume v) {
            return new Volume(v.source(), all(v.paths(), x));
        }
        if (instruction instanceof StopSignal s) {
            return new StopSignal(s.source(), x.apply(s.signal()));
        }
        return instruction;
    }

    /** A FROM's image reference, expanded with the ARGs declared before the first FROM. */
    public static String baseName(Stage stage, WordExpander words) {
        return words.expand(stage.baseName());
    }

    /** A FROM's --platform, expanded likewise. */
    public static Optional<String> platform(Stage stage, WordExpander words) {
        return stage.platform().map(words::expand);
    }

    private static List<KeyValue> pairs(List<KeyValue> pairs, UnaryOperator<String> x) {
        return pairs.stream().map(p -> new KeyValue(x.apply(p.key()), x.apply(p.value()))).toList();
    }

    private static List<String> all(List<String> words, UnaryOperator<String> x) {
        return words.stream().map(x).toList();
    }
}
