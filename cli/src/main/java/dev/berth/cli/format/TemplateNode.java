package dev.berth.cli.format;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The parsed form of a Go text/template subset. Commands and arguments keep their offset in the
 * template and their text, as Go's error messages show them.
 */
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

    /** A pipeline, with the variables it declares ({@code $x :=}) or assigns ({@code $x =}), if any. */
    record Pipe(List<String> vars, boolean assign, List<Cmd> cmds) {
        public Pipe {
            vars = List.copyOf(vars);
            cmds = List.copyOf(cmds);
        }

        String text() {
            String decl = vars.isEmpty() ? "" : String.join(", ", vars) + (assign ? " = " : " := ");
            return decl + cmds.stream().map(Cmd::text).collect(Collectors.joining(" | "));
        }
    }

    /** A command: its arguments, the offset of its first word. */
    record Cmd(List<Arg> args, int pos) {
        public Cmd {
            args = List.copyOf(args);
        }

        String text() {
            return args.stream().map(Arg::text).collect(Collectors.joining(" "));
        }
    }

    sealed interface Arg {
        /** The argument as Go prints it in an error: {@code .State.Nope}, {@code "x"}, {@code (json .)}. */
        String text();

        /** Go's position of the node: for {@code .A.B} the offset of {@code .B}. */
        int pos();
    }

    /** {@code .}, {@code .A.B}, {@code $}, {@code $.A}, {@code $x.A}: a start ("." or a variable) and field names. */
    record Field(String start, List<String> names, int pos) implements Arg {
        public Field {
            names = List.copyOf(names);
        }

        @Override
        public String text() {
            if (names.isEmpty()) return start;
            return (start.equals(".") ? "." : start + ".") + String.join(".", names);
        }
    }

    record Literal(Object value, String text, int pos) implements Arg {}

    record Ident(String name, int pos) implements Arg {
        @Override
        public String text() {
            return name;
        }
    }

    record Sub(Pipe pipe, int pos) implements Arg {
        @Override
        public String text() {
            return "(" + pipe.text() + ")";
        }
    }
}
