package dev.berth.cli.format;

import dev.berth.cli.format.TemplateNode.Arg;
import dev.berth.cli.format.TemplateNode.Block;
import dev.berth.cli.format.TemplateNode.Cmd;
import dev.berth.cli.format.TemplateNode.Field;
import dev.berth.cli.format.TemplateNode.Ident;
import dev.berth.cli.format.TemplateNode.Literal;
import dev.berth.cli.format.TemplateNode.Pipe;
import dev.berth.cli.format.TemplateNode.Sub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The part of Go's text/template that docker's {@code --format} uses: fields and map keys
 * ({@code .A.B}), methods ({@code .Label "k"}), pipelines, {@code if/else/range/with}, and docker's
 * functions (json, join, split, upper, lower, title, pad, truncate) with Go's built-ins (index, slice,
 * len, eq, ne, lt, le, gt, ge, not, and, or, print, println, printf, html, js, urlquery). Errors are
 * worded as Go's, with the line, column and text of the node that failed.
 */
public final class Template {
    /** What a missing map key yields; Go prints it as {@code <no value>}. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    /**
     * How maps read: LENIENT, a missing key is {@code <no value>} (Go's default); TYPED, only a
     * {@link GoMap}'s (the JSON objects the docker CLI's types hold as maps; other objects are structs,
     * where a missing field fails); RAW, every missing key fails (Go's {@code missingkey=error}).
     */
    public enum Mode { LENIENT, TYPED, RAW }

    private final String text;
    private final List<TemplateNode> nodes;
    /**
     * For a template of text and plain {@code {{.Name}}} actions only (docker's default tables), its parts
     * in order: a {@link String} is text, a {@link FieldName} a field of the row. Null for anything else.
     */
    private final Object[] simple;

    private record FieldName(String name) {}

    private Template(String text, List<TemplateNode> nodes) {
        this.text = text;
        this.nodes = nodes;
        this.simple = simpleParts(nodes);
    }

    private static Object[] simpleParts(List<TemplateNode> nodes) {
        Object[] parts = new Object[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            TemplateNode n = nodes.get(i);
            if (n instanceof TemplateNode.Text t) {
                parts[i] = t.text();
            } else if (n instanceof TemplateNode.Action a && a.pipe().vars().isEmpty() && a.pipe().cmds().size() == 1
                    && a.pipe().cmds().get(0).args().size() == 1
                    && a.pipe().cmds().get(0).args().get(0) instanceof Field f
                    && f.start().equals(".") && f.names().size() == 1) {
                parts[i] = new FieldName(f.names().get(0));
            } else {
                return null;
            }
        }
        return parts;
    }

    public static Template parse(String text) {
        return new Template(text, TemplateParser.parse(text));
    }

    public String execute(Object dot) {
        if (simple != null && dot instanceof Row row) {
            String fast = executeSimple(row);
            if (fast != null) return fast;
        }
        return execute(dot, Mode.LENIENT);
    }

    /**
     * A row through a template of plain fields, without the interpreter: each field read and printed as
     * {@link Run} would. Null when a field is not a plain value (a method, or one the row lacks): the
     * interpreter then runs the row, with its errors. A {@code ps} of 100 containers ran ~700 actions
     * through the general path, a third of the command's own time (in the JVM's interpreter).
     */
    private String executeSimple(Row row) {
        StringBuilder sb = new StringBuilder(64);
        for (Object part : simple) {
            if (part instanceof String t) {
                sb.append(t);
                continue;
            }
            Object v;
            try {
                v = row.field(((FieldName) part).name());
            } catch (RuntimeException notAPlainField) {
                return null;
            }
            if (v instanceof TemplateMethod) return null;
            sb.append(TemplateValues.print(v));
        }
        return sb.toString();
    }

    public String execute(Object dot, Mode mode) {
        StringBuilder sb = new StringBuilder();
        run(dot, false, mode, sb);
        return sb.toString();
    }

    /** Runs into {@code sb}: on an error, what was written before it stays there, as Go's Execute leaves it. */
    public void executeInto(Object dot, Mode mode, StringBuilder sb) {
        run(dot, false, mode, sb);
    }

    /**
     * Runs with docker's header functions: json, upper, join… return their argument unchanged. As the
     * docker CLI, an error ends the header where it happened, and is not reported.
     */
    public String executeHeader(Object header) {
        StringBuilder sb = new StringBuilder();
        try {
            run(header, true, Mode.LENIENT, sb);
        } catch (TemplateException ignored) {
            // the header so far
        }
        return sb.toString();
    }

    private void run(Object dot, boolean header, Mode mode, StringBuilder sb) {
        Run r = new Run(dot, header, mode);
        try {
            r.nodes(nodes, dot, sb);
        } catch (ExecError e) {
            throw r.at == null ? TemplateException.parse(text, 0, e.getMessage())
                    : TemplateException.exec(text, r.at.pos(), r.at.text(), e.getMessage());
        }
    }

    /** Where Go's error points: a field, a function's name, or a whole command. */
    private record At(int pos, String text) {}

    private static final class Run {
        private final Object root;
        private final boolean header;
        private final Mode mode;
        /** The variables in scope, innermost last: name, value. */
        private final List<Object[]> vars = new ArrayList<>();
        At at;

        Run(Object root, boolean header, Mode mode) {
            this.root = root;
            this.header = header;
            this.mode = mode;
        }

        void nodes(List<TemplateNode> list, Object dot, StringBuilder out) {
            for (TemplateNode n : list) {
                if (n instanceof TemplateNode.Text t) {
                    out.append(t.text());
                } else if (n instanceof TemplateNode.Action a) {
                    Object v = pipe(a.pipe(), dot);
                    // an action that declares or assigns a variable prints nothing
                    if (a.pipe().vars().isEmpty()) out.append(TemplateValues.print(v));
                } else if (n instanceof Block b) {
                    int scope = vars.size();
                    block(b, dot, out);
                    vars.subList(scope, vars.size()).clear();
                }
            }
        }

        private void block(Block b, Object dot, StringBuilder out) {
            if (b.kind().equals("range")) rangePipe = b.pipe();
            Object v = pipe(b.pipe(), dot);
            switch (b.kind()) {
                case "if" -> nodes(TemplateValues.truthy(v) ? b.body() : b.otherwise(), dot, out);
                case "with" -> {
                    if (TemplateValues.truthy(v)) nodes(b.body(), v, out);
                    else nodes(b.otherwise(), dot, out);
                }
                default -> {
                    if (v instanceof TemplateMethod m) v = m.call(List.of());
                    // the pairs of key (index) and element
                    List<Object> keys = new ArrayList<>();
                    List<Object> items = new ArrayList<>();
                    if (v instanceof List<?> l) {
                        for (int i = 0; i < l.size(); i++) {
                            keys.add((long) i);
                            items.add(l.get(i));
                        }
                    } else if (v instanceof Map<?, ?> m) {
                        for (String k : TemplateValues.sortedKeys(m)) {
                            keys.add(k);
                            items.add(m.get(k));
                        }
                    } else if (v instanceof Long n) {
                        for (long i = 0; i < n; i++) {
                            keys.add(i);
                            items.add(i);
                        }
                    } else if (v != null && v != MISSING) {
                        throw new ExecError("range can't iterate over " + TemplateValues.print(v));
                    }
                    if (items.isEmpty()) nodes(b.otherwise(), dot, out);
                    List<String> names = b.pipe().vars();
                    int scope = vars.size();
                    for (int i = 0; i < items.size(); i++) {
                        if (names.size() == 1) declare(names.get(0), items.get(i), b.pipe().assign());
                        if (names.size() == 2) {
                            declare(names.get(0), keys.get(i), b.pipe().assign());
                            declare(names.get(1), items.get(i), b.pipe().assign());
                        }
                        nodes(b.body(), items.get(i), out);
                        vars.subList(scope, vars.size()).clear();
                    }
                }
            }
        }

        Object pipe(Pipe p, Object dot) {
            Object prev = null;
            boolean first = true;
            for (Cmd c : p.cmds()) {
                prev = cmd(c, dot, first ? null : prev, !first);
                first = false;
            }
            // a range's variables take each element in turn, not the pipeline's value
            if (!p.vars().isEmpty() && !(p.vars().size() == 2 || rangeVars(p))) declare(p.vars().get(0), prev, p.assign());
            return prev;
        }

        /** Set by {@link #block} while it evaluates a range's pipeline. */
        private Pipe rangePipe;

        private boolean rangeVars(Pipe p) {
            return p == rangePipe;
        }

        private void declare(String name, Object value, boolean assign) {
            if (assign) {
                for (int i = vars.size() - 1; i >= 0; i--) {
                    if (vars.get(i)[0].equals(name)) {
                        vars.get(i)[1] = value;
                        return;
                    }
                }
                throw new ExecError("undefined variable: " + name);
            }
            vars.add(new Object[] {name, value});
        }

        private Object variable(String name) {
            if (name.equals("$")) return root;
            for (int i = vars.size() - 1; i >= 0; i--) {
                if (vars.get(i)[0].equals(name)) return vars.get(i)[1];
            }
            throw new ExecError("undefined variable: " + name);
        }

        private Object cmd(Cmd c, Object dot, Object piped, boolean hasPiped) {
            Arg head = c.args().get(0);
            int count = c.args().size() - 1 + (hasPiped ? 1 : 0);
            if (head instanceof Ident id) {
                at = new At(id.pos(), id.text());
                TemplateFunctions.checkArity(id.name(), count);
                List<Object> args = args(c, dot, piped, hasPiped);
                at = new At(c.pos(), c.text());
                try {
                    return TemplateFunctions.call(id.name(), args, header, mode);
                } catch (ExecError e) {
                    if (!TemplateFunctions.returnsError(id.name())) throw e;
                    throw new ExecError("error calling " + id.name() + ": " + e.getMessage());
                }
            }
            if (head instanceof Field f) {
                at = new At(f.pos(), f.text());
                Object v = field(f, dot);
                String name = f.names().isEmpty() ? "" : f.names().get(f.names().size() - 1);
                if (v instanceof TemplateMethod m) {
                    // docker's Label methods take the label's name; the header's takes what it is given
                    if (name.equals("Label") && !header && count != 1) {
                        throw new ExecError("wrong number of args for Label: want 1 got " + count);
                    }
                    List<Object> args = args(c, dot, piped, hasPiped);
                    at = new At(f.pos(), f.text());
                    return m.call(args);
                }
                if (count > 0) {
                    // a formatter context's fields are Go methods of no arguments; an object's are struct fields
                    if (lastHolder(f, dot) instanceof Row) {
                        throw new ExecError("wrong number of args for " + name + ": want 0 got " + count);
                    }
                    throw new ExecError(name + " is not a method but has arguments");
                }
                return v;
            }
            at = new At(head.pos(), head.text());
            if (count > 0) throw new ExecError("can't give argument to non-function " + head.text());
            return arg(head, dot);
        }

        /** The value whose field the chain's last name reads (a Row for docker's formatter contexts). */
        private Object lastHolder(Field f, Object dot) {
            Object v = f.start().equals(".") ? dot : variable(f.start());
            for (int i = 0; i < f.names().size() - 1; i++) v = TemplateValues.field(v, f.names().get(i), mode);
            return v;
        }

        private List<Object> args(Cmd c, Object dot, Object piped, boolean hasPiped) {
            List<Object> args = new ArrayList<>();
            for (int i = 1; i < c.args().size(); i++) args.add(arg(c.args().get(i), dot));
            if (hasPiped) args.add(piped);
            return args;
        }

        private Object arg(Arg a, Object dot) {
            if (a instanceof Literal l) return l.value();
            if (a instanceof Sub s) return pipe(s.pipe(), dot);
            if (a instanceof Ident id) {
                at = new At(id.pos(), id.text());
                TemplateFunctions.checkArity(id.name(), 0);
                return TemplateFunctions.call(id.name(), List.of(), header, mode);
            }
            Field f = (Field) a;
            at = new At(f.pos(), f.text());
            Object v = field(f, dot);
            return v instanceof TemplateMethod m ? m.call(List.of()) : v;
        }

        /** Walks the field chain; a method at its end is returned uncalled so a command can pass arguments. */
        private Object field(Field f, Object dot) {
            Object v = f.start().equals(".") ? dot : variable(f.start());
            for (String name : f.names()) {
                if (v instanceof TemplateMethod m) v = m.call(List.of());
                v = TemplateValues.field(v, name, mode);
            }
            return v;
        }
    }
}
