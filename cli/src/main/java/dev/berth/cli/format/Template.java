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
 * functions (json, join, split, upper, lower, title, pad, truncate, index, len, eq, ne, not, and,
 * or, print, println, printf).
 */
public final class Template {
    /** What a missing map key yields; Go prints it as {@code <no value>}. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    private final List<TemplateNode> nodes;

    private Template(List<TemplateNode> nodes) {
        this.nodes = nodes;
    }

    public static Template parse(String text) {
        return new Template(TemplateParser.parse(text));
    }

    public String execute(Object dot) {
        StringBuilder sb = new StringBuilder();
        new Run(dot, false).nodes(nodes, dot, sb);
        return sb.toString();
    }

    /** Runs with docker's header functions: json, upper, join… return their argument unchanged. */
    public String executeHeader(Object header) {
        StringBuilder sb = new StringBuilder();
        new Run(header, true).nodes(nodes, header, sb);
        return sb.toString();
    }

    private record Run(Object root, boolean header) {
        void nodes(List<TemplateNode> list, Object dot, StringBuilder out) {
            for (TemplateNode n : list) {
                if (n instanceof TemplateNode.Text t) {
                    out.append(t.text());
                } else if (n instanceof TemplateNode.Action a) {
                    out.append(TemplateValues.print(pipe(a.pipe(), dot)));
                } else if (n instanceof Block b) {
                    block(b, dot, out);
                }
            }
        }

        private void block(Block b, Object dot, StringBuilder out) {
            Object v = pipe(b.pipe(), dot);
            switch (b.kind()) {
                case "if" -> nodes(TemplateValues.truthy(v) ? b.body() : b.otherwise(), dot, out);
                case "with" -> {
                    if (TemplateValues.truthy(v)) nodes(b.body(), v, out);
                    else nodes(b.otherwise(), dot, out);
                }
                default -> {
                    List<Object> items = new ArrayList<>();
                    if (v instanceof List<?> l) items.addAll(l);
                    else if (v instanceof Map<?, ?> m) TemplateValues.sortedKeys(m).forEach(k -> items.add(m.get(k)));
                    if (items.isEmpty()) nodes(b.otherwise(), dot, out);
                    for (Object item : items) nodes(b.body(), item, out);
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
            return prev;
        }

        private Object cmd(Cmd c, Object dot, Object piped, boolean hasPiped) {
            Arg head = c.args().get(0);
            List<Object> args = new ArrayList<>();
            for (int i = 1; i < c.args().size(); i++) args.add(arg(c.args().get(i), dot));
            if (hasPiped) args.add(piped);
            if (head instanceof Ident id) {
                return TemplateFunctions.call(id.name(), args, header);
            }
            Object v = head instanceof Field f ? field(f, dot) : arg(head, dot);
            if (v instanceof TemplateMethod m) return m.call(args);
            if (!args.isEmpty()) throw new TemplateException("template: can't give argument to non-function " + v);
            return v;
        }

        private Object arg(Arg a, Object dot) {
            if (a instanceof Literal l) return l.value();
            if (a instanceof Sub s) return pipe(s.pipe(), dot);
            if (a instanceof Ident id) return TemplateFunctions.call(id.name(), List.of(), header);
            Object v = field((Field) a, dot);
            return v instanceof TemplateMethod m ? m.call(List.of()) : v;
        }

        /** Walks the field chain; a method at its end is returned uncalled so a command can pass arguments. */
        private Object field(Field f, Object dot) {
            Object v = f.start().equals("$") ? root : dot;
            for (String name : f.names()) {
                if (v instanceof TemplateMethod m) v = m.call(List.of());
                v = TemplateValues.field(v, name);
            }
            return v;
        }
    }
}
