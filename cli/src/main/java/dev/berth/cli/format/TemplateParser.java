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

/** Parses text and {@code {{…}}} actions, with {@code {{-}} / {@code -}}} whitespace trimming. */
final class TemplateParser {
    private final String src;
    private int pos;

    private TemplateParser(String src) {
        this.src = src;
    }

    static List<TemplateNode> parse(String src) {
        TemplateParser p = new TemplateParser(src);
        List<TemplateNode> nodes = new ArrayList<>();
        String end = p.nodes(nodes);
        if (end != null) throw new TemplateException("template: unexpected {{" + end + "}}");
        return nodes;
    }

    /** Reads nodes until end of input (returns null) or an {@code end}/{@code else…} action (returns its text). */
    private String nodes(List<TemplateNode> into) {
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
            if (close < 0) throw new TemplateException("template: unclosed action");
            int innerStart = open + (trimLeft ? 3 : 2);
            boolean trimRight = close - 2 >= innerStart && src.charAt(close - 1) == '-'
                    && Character.isWhitespace(src.charAt(close - 2));
            String inner = src.substring(innerStart, trimRight ? close - 1 : close).trim();
            pos = close + 2;
            if (trimRight) {
                while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) pos++;
            }
            if (inner.startsWith("/*")) continue;
            String word = firstWord(inner);
            switch (word) {
                case "end", "else" -> {
                    return inner;
                }
                case "if", "range", "with" -> into.add(block(word, inner.substring(word.length())));
                default -> into.add(new TemplateNode.Action(pipe(inner)));
            }
        }
        return null;
    }

    /** The text up to its first whitespace (no regex: a short command's one {@code Pattern} compiled ~1 ms). */
    private static String firstWord(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) return text.substring(0, i);
        }
        return text;
    }

    private Block block(String kind, String pipeText) {
        Pipe pipe = pipe(pipeText);
        List<TemplateNode> body = new ArrayList<>();
        String end = nodes(body);
        List<TemplateNode> otherwise = new ArrayList<>();
        if (end == null) throw new TemplateException("template: unexpected EOF in " + kind);
        if (end.startsWith("else")) {
            String rest = end.substring(4).trim();
            if (rest.startsWith("if ")) {
                otherwise.add(block("if", rest.substring(2)));
                return new Block(kind, pipe, body, otherwise);
            }
            end = nodes(otherwise);
            if (end == null || !end.equals("end")) throw new TemplateException("template: expected end in " + kind);
        }
        return new Block(kind, pipe, body, otherwise);
    }

    static Pipe pipe(String text) {
        TemplateLexer lx = new TemplateLexer(text);
        Pipe p = pipe(lx);
        if (lx.peek() != null) throw new TemplateException("template: unexpected \"" + lx.peek() + "\" in command");
        return p;
    }

    private static Pipe pipe(TemplateLexer lx) {
        List<Cmd> cmds = new ArrayList<>();
        List<Arg> args = new ArrayList<>();
        String tok;
        while ((tok = lx.peek()) != null && !tok.equals(")")) {
            lx.next();
            if (tok.equals("|")) {
                if (args.isEmpty()) throw new TemplateException("template: missing command before |");
                cmds.add(new Cmd(args));
                args = new ArrayList<>();
            } else if (tok.equals("(")) {
                args.add(new Sub(pipe(lx)));
                if (!")".equals(lx.next())) throw new TemplateException("template: unclosed (");
            } else {
                args.add(arg(tok));
            }
        }
        if (args.isEmpty()) throw new TemplateException("template: missing value for command");
        cmds.add(new Cmd(args));
        return new Pipe(cmds);
    }

    private static Arg arg(String tok) {
        char c = tok.charAt(0);
        if (c == '"' || c == '`') return new Literal(TemplateLexer.unquote(tok));
        if (c == '.' || c == '$') {
            String start = c == '$' ? "$" : ".";
            String rest = c == '$' ? tok.substring(1) : tok;
            List<String> names = new ArrayList<>();
            for (String n : rest.split("\\.")) {
                if (!n.isEmpty()) names.add(n);
            }
            return new Field(start, names);
        }
        if (c == '-' || Character.isDigit(c)) {
            return new Literal(tok.contains(".") ? (Object) Double.parseDouble(tok) : (Object) Long.parseLong(tok));
        }
        return switch (tok) {
            case "true" -> new Literal(Boolean.TRUE);
            case "false" -> new Literal(Boolean.FALSE);
            case "nil" -> new Literal(null);
            default -> new Ident(tok);
        };
    }
}
