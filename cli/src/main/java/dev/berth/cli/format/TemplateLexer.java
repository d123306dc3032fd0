package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an action's text into words, quoted strings, {@code |}, parentheses, {@code ,}, {@code :=} and
 * {@code =}, each with its byte
 * offset in the whole template (Go's error positions count from there).
 */
final class TemplateLexer {
    record Token(String text, int pos) {}

    private final List<Token> tokens = new ArrayList<>();
    private int next;

    /** {@code s} is the action's text, found at offset {@code base} of the template {@code src}. */
    TemplateLexer(String src, String s, int base) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '|' || c == '(' || c == ')' || c == ',' || c == '=') {
                tokens.add(new Token(String.valueOf(c), base + i));
                i++;
            } else if (c == ':' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                tokens.add(new Token(":=", base + i));
                i += 2;
            } else if (c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"') j += s.charAt(j) == '\\' ? 2 : 1;
                if (j >= s.length()) throw TemplateException.parse(src, base + i, "unterminated quoted string");
                tokens.add(new Token(s.substring(i, j + 1), base + i));
                i = j + 1;
            } else if (c == '`') {
                int j = s.indexOf('`', i + 1);
                if (j < 0) throw TemplateException.parse(src, base + i, "unterminated raw quoted string");
                tokens.add(new Token(s.substring(i, j + 1), base + i));
                i = j + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "|()\",=".indexOf(s.charAt(j)) < 0
                        && !(s.charAt(j) == ':' && j + 1 < s.length() && s.charAt(j + 1) == '=')) {
                    j++;
                }
                tokens.add(new Token(s.substring(i, j), base + i));
                i = j;
            }
        }
    }

    Token peek() {
        return next < tokens.size() ? tokens.get(next) : null;
    }

    /** Steps back {@code n} tokens. */
    void rewind(int n) {
        next -= n;
    }

    Token next() {
        return next < tokens.size() ? tokens.get(next++) : null;
    }

    static String unquote(String tok) {
        if (tok.charAt(0) == '`') return tok.substring(1, tok.length() - 1);
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < tok.length() - 1; i++) {
            char c = tok.charAt(i);
            if (c == '\\' && i + 1 < tok.length() - 1) {
                char e = tok.charAt(++i);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
