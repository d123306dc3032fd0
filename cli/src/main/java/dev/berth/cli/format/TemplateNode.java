package dev.berth.cli.format;

import java.util.List;

/** The parsed form of a Go text/template subset. */
sealed interface TemplateNode {
    record Text(String text) implements TemplateNode {}

    record Action(Pipe pipe) implements TemplateNode {}

    /** {@code if}, {@code range} and {@code with}: a pipeline, a body, and an optional else. */
    record Block(String kind, Pipe pipe, List<TemplateNode> body, List<TemplateNode> otherwise) implements TemplateNode {
        public Block {
            body = List.copyOf(body);
            otherwise = List.copyOf(otherwise);
        }
    }

    record Pipe(List<Cmd> cmds) {
        public Pipe {
            cmds = List.copyOf(cmds);
        }
    }

    record Cmd(List<Arg> args) {
        public Cmd {
            args = List.copyOf(args);
        }
    }

    sealed interface Arg {}

    /** {@code .}, {@code .A.B}, {@code $}, {@code $.A}: a start ("." or "$") and field names. */
    record Field(String start, List<String> names) implements Arg {
        public Field {
            names = List.copyOf(names);
        }
    }

    record Literal(Object value) implements Arg {}

    record Ident(String name) implements Arg {}

    record Sub(Pipe pipe) implements Arg {}
}
