package dev.berth.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One typed Dockerfile instruction inside a stage. Arguments are kept as written (quotes and
 * variables unexpanded): the builder expands them with {@link WordExpander} against the
 * environment of the moment, as the classic builder does. {@code source()} is the instruction's
 * text as Docker prints it in "Step n/m : …".
 */
public sealed interface Instruction {

    Source source();

    /** Where an instruction came from: its first line and its text (continuations joined). */
    record Source(int line, String text) {
        public Source {
            Objects.requireNonNull(text, "text");
        }
    }

    /** A name and a value, as written (ENV, LABEL). */
    record KeyValue(String key, String value) {
        public KeyValue {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** A command in shell form (one string, run through SHELL) or exec form (argv). */
    record CommandLine(List<String> args, boolean shellForm) {
        public CommandLine {
            args = List.copyOf(args);
        }
    }

    /** @param buildKitFlags the BuildKit-only flags given ({@code mount}, {@code network}, {@code security}), in order */
    record Run(Source source, CommandLine command, List<Heredoc> heredocs, List<String> buildKitFlags)
            implements Instruction {
        public Run {
            heredocs = List.copyOf(heredocs);
            buildKitFlags = buildKitFlags == null ? List.of() : List.copyOf(buildKitFlags);
        }

        public Run(Source source, CommandLine command, List<Heredoc> heredocs) {
            this(source, command, heredocs, List.of());
        }
    }

    record Cmd(Source source, CommandLine command) implements Instruction {
    }

    record Entrypoint(Source source, CommandLine command) implements Instruction {
    }

    record Shell(Source source, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    record Env(Source source, List<KeyValue> pairs) implements Instruction {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    record Label(Source source, List<KeyValue> pairs) implements Instruction {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    /** One ARG name with its default, if it has one. */
    record ArgDecl(String name, Optional<String> defaultValue) {
        public ArgDecl {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(defaultValue, "defaultValue");
        }
    }

    record Arg(Source source, List<ArgDecl> args) implements Instruction {
        public Arg {
            args = List.copyOf(args);
        }
    }

    record Expose(Source source, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    record User(Source source, String user) implements Instruction {
    }

    record Workdir(Source source, String path) implements Instruction {
    }

    record StopSignal(Source source, String signal) implements Instruction {
    }

    record Volume(Source source, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    record Maintainer(Source source, String maintainer) implements Instruction {
    }

    /** Sources are paths or globs in the context (or in {@code from}); {@code inline} are here-documents. */
    record Copy(Source source, List<String> sources, List<Heredoc> inline, String dest, Optional<String> from,
            Optional<String> chown, Optional<String> chmod, boolean link) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
            inline = List.copyOf(inline);
        }
    }

    record Add(Source source, List<String> sources, List<Heredoc> inline, String dest, Optional<String> chown,
            Optional<String> chmod, boolean link, Optional<String> checksum, boolean keepGitDir)
            implements Instruction {
        public Add {
            sources = List.copyOf(sources);
            inline = List.copyOf(inline);
        }
    }

    /** HEALTHCHECK NONE has {@code test == ["NONE"]}; durations are zero when not given. */
    record Healthcheck(Source source, List<String> test, Duration interval, Duration timeout, Duration startPeriod,
            Duration startInterval, int retries) implements Instruction {
        public Healthcheck {
            test = List.copyOf(test);
        }
    }

    /** The trigger as written after ONBUILD, run when a later build starts FROM the image. */
    record Onbuild(Source source, String expression) implements Instruction {
    }
}
