package dev.berth.cli.format;

import dev.berth.cli.format.TemplateLexer.Token;
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

/**
 * Parses text and {@code {{…}}} actions, with {@code {{-}} / {@code -}}} whitespace trimming. Errors are
 * Go's: {@code template: :LINE: unclosed action}, a function name not defined is one too.
 */
final class TemplateParser {
    private final String src;
    private int pos;
    /** The variables in scope: {@code $}, and those declared in the enclosing actions and blocks. */
    private final List<String> vars = new ArrayList<>(List.of("$"));

    /** An {@code end} or {@code else…} action that ended a list of nodes: its trimmed text and where it starts. */
    private record End(String text, int base, int open) {}

    private TemplateParser(String src) {
        this.src = src;
    }

    static List<TemplateNode> parse(String src) {
        TemplateParser p = new TemplateParser(src);
        List<TemplateNode> nodes = new ArrayList<>();
        End end = p.nodes(nodes);
        if (end != null) throw TemplateException.parse(src, end.open(), "unexpected {{" + firstWord(end.text()) + "}}");
        return nodes;
    }

    /** Reads nodes until end of input (returns null) or an {@code end}/{@code else…} action (returns it). */
    private End nodes(List<TemplateNode> into) {
        while (pos < src.length()) {
            int open = src.indexOf("{{", pos);
            if (open < 0) {
                into.add(new TemplateNode.Text(src.substring(pos)));
                pos = src.length();
                break;
            }
            String text = src.substring(pos, open);
            boolean trimLeft = src.startsWith("{{- ", open) || src.startsWith("{{-\t", open) || src.startsWith("{{-\n", open);
            if (trimLeft) text = text.stripTrailing();
            if (!text.isEmpty()) into.add(new TemplateNode.Text(text));
            int close = src.indexOf("}}", open);
            if (close < 0) throw TemplateException.parse(src, src.length(), "unclosed action");
            int innerStart = open + (trimLeft ? 3 : 2);
            boolean trimRight = close - 2 >= innerStart && src.charAt(close - 1) == '-'
                    && Character.isWhitespace(src.charAt(close - 2));
            String raw = src.substring(innerStart, trimRight ? close - 1 : close);
            String inner = raw.trim();
            int base = innerStart + leading(raw);
            pos = close + 2;
            if (trimRight) {
                while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
            }
            if (inner.startsWith("/*")) continue;
            String word = firstWord(inner);
            switch (word) {
                case "end", "else" -> {
                    return new End(inner, base, open);
                }
                case "if", "range", "with" -> into.add(block(word, inner.substring(word.length()), base + word.length()));
                default -> into.add(new TemplateNode.Action(pipe(inner, base, "command")));
            }
        }
        return null;
    }

    private static int leading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i;
    }

    /** The text up to its first whitespace (no regex: a short command's one {@code Pattern} compiled ~1 ms). */
    private static String firstWord(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) return text.substring(0, i);
        }
        return text;
    }

    private Block block(String kind, String pipeText, int base) {
        // a variable declared in the block's pipeline or body is gone after its {{end}}
        int scope = vars.size();
        try {
            return blockIn(kind, pipeText, base);
        } finally {
            vars.subList(scope, vars.size()).clear();
        }
    }

    private Block blockIn(String kind, String pipeText, int base) {
        Pipe pipe = pipe(pipeText, base, kind);
        List<TemplateNode> body = new ArrayList<>();
        End end = nodes(body);
        List<TemplateNode> otherwise = new ArrayList<>();
        if (end == null) throw TemplateException.parse(src, src.length(), "unexpected EOF");
        if (end.text().startsWith("else")) {
            String rest = end.text().substring(4);
            int restBase = end.base() + 4 + leading(rest);
            rest = rest.trim();
            if (rest.startsWith("if ") || rest.startsWith("if\t")) {
                otherwise.add(block("if", rest.substring(2), restBase + 2));
                return new Block(kind, pipe, body, otherwise);
            }
            if (!rest.isEmpty()) throw TemplateException.parse(src, restBase, "unexpected \"" + rest + "\" in else");
            end = nodes(otherwise);
            if (end == null) throw TemplateException.parse(src, src.length(), "unexpected EOF");
            if (!end.text().equals("end")) {
                throw TemplateException.parse(src, end.open(), "unexpected {{" + firstWord(end.text()) + "}}");
            }
        } else if (!end.text().equals("end")) {
            throw TemplateException.parse(src, end.open(), "unexpected \"" + end.text().substring(3).trim() + "\" in end");
        }
        return new Block(kind, pipe, body, otherwise);
    }

    private Pipe pipe(String text, int base, String context) {
        TemplateLexer lx = new TemplateLexer(src, text, base);
        List<String> declared = new ArrayList<>();
        boolean assign = false;
        Token first = lx.peek();
        if (first != null && first.text().startsWith("$") && first.text().indexOf('.') < 0) {
            // {{$x := …}}, {{$x = …}}, {{range $i, $e := …}}: read ahead for the declaration
            List<Token> ahead = new ArrayList<>();
            Token t;
            while ((t = lx.peek()) != null && ahead.size() < 4) {
                ahead.add(t);
                lx.next();
            }
            int n = declaration(ahead, context);
            if (n > 0) {
                assign = ahead.get(n - 1).text().equals("=");
                for (int i = 0; i < n - 1; i += 2) declared.add(ahead.get(i).text());
                // (an assignment to an undeclared variable fails when it runs, as in Go)
            }
            lx.rewind(ahead.size() - n);
        }
        Pipe p = pipe(lx, base, context, declared, assign);
        if (!assign) vars.addAll(declared);
        Token extra = lx.peek();
        if (extra != null) throw TemplateException.parse(src, extra.pos(), "unexpected right paren");
        return p;
    }

    /** How many tokens of {@code t} declare variables: {@code $x :=} (2), {@code $i , $e :=} (4), or 0. */
    private int declaration(List<Token> t, String context) {
        if (t.size() >= 2 && (t.get(1).text().equals(":=") || t.get(1).text().equals("="))) return 2;
        if (context.equals("range") && t.size() >= 4 && t.get(1).text().equals(",") && t.get(2).text().startsWith("$")
                && (t.get(3).text().equals(":=") || t.get(3).text().equals("="))) {
            return 4;
        }
        if (t.size() >= 2 && t.get(1).text().equals(",")) {
            throw TemplateException.parse(src, t.get(1).pos(), "too many declarations in " + context);
        }
        return 0;
    }

    private Pipe pipe(TemplateLexer lx, int at, String context) {
        return pipe(lx, at, context, List.of(), false);
    }

    private Pipe pipe(TemplateLexer lx, int at, String context, List<String> declared, boolean assign) {
        List<Cmd> cmds = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        int cmdPos = -1;
        Token tok;
        while ((tok = lx.peek()) != null && !tok.text().equals(")")) {
            lx.next();
            if (cmdPos < 0) cmdPos = tok.pos();
            if (tok.text().equals("|")) {
                if (args.isEmpty()) throw TemplateException.parse(src, tok.pos(), "missing value for command");
                cmds.add(new Cmd(args, cmdPos));
                args = new ArrayList<>();
                cmdPos = -1;
            } else if (tok.text().equals("(")) {
                Pipe inner = pipe(lx, tok.pos(), "parenthesized pipeline");
                Token close = lx.next();
                if (close == null) throw TemplateException.parse(src, tok.pos(), "unclosed left paren");
                args.add(new Sub(inner, tok.pos()));
            } else {
                args.add(arg(tok));
            }
        }
        // Go accepts a pipeline that ends in "|" ({{.Names |}}): the commands before it
        if (!args.isEmpty()) cmds.add(new Cmd(args, cmdPos));
        if (cmds.isEmpty()) throw TemplateException.parse(src, at, "missing value for " + context);
        return new Pipe(declared, assign, cmds);
    }

    private Arg arg(Token t) {
        String tok = t.text();
        char c = tok.charAt(0);
        if (c == '"' || c == '`') return new Literal(TemplateLexer.unquote(tok), tok, t.pos());
        if (c == '.' || c == '$') {
            boolean dollar = c == '$';
            int dot = tok.indexOf('.');
            String start = dollar ? (dot < 0 ? tok : tok.substring(0, dot)) : ".";
            if (dollar && !vars.contains(start)) {
                throw TemplateException.parse(src, t.pos(), "undefined variable \"" + start + "\"");
            }
            String rest = dollar ? tok.substring(start.length()) : tok;
            List<String> names = new ArrayList<>();
            for (String n : rest.split("\\.")) {
                if (!n.isEmpty()) names.add(n);
            }
            // Go's position of a chain is that of its second element: ".B" of ".A.B", ".A" of "$x.A"
            int second = dollar ? (names.isEmpty() ? 0 : start.length()) : (names.size() > 1 ? 1 + names.get(0).length() : 0);
            return new Field(start, names, t.pos() + second);
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            try {
                return new Literal(tok.contains(".") ? (Object) Double.parseDouble(tok) : (Object) Long.parseLong(tok), tok, t.pos());
            } catch (NumberFormatException e) {
                throw TemplateException.parse(src, t.pos(), "bad number syntax: \"" + tok + "\"");
            }
        }
        return switch (tok) {
            case "true" -> new Literal(Boolean.TRUE, tok, t.pos());
            case "false" -> new Literal(Boolean.FALSE, tok, t.pos());
            case "nil" -> new Literal(null, tok, t.pos());
            default -> {
                if (!TemplateFunctions.defined(tok)) {
                    throw TemplateException.parse(src, t.pos(), "function \"" + tok + "\" not defined");
                }
                yield new Ident(tok, t.pos());
            }
        };
    }
}
