package dev.berth.cli.format;

import java.util.ArrayList;
import java.util.List;

/** Splits an action's text into words, quoted strings, {@code |} and parentheses. */
final class TemplateLexer {
    private final List<String> tokens = new ArrayList<>();
    private int next;

    TemplateLexer(String s) {
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '|' || c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"') j += s.charAt(j) == '\\' ? 2 : 1;
                if (j >= s.length()) throw new TemplateException("template: unterminated quoted string");
                tokens.add(s.substring(i, j + 1));
                i = j + 1;
            } else if (c == '`') {
                int j = s.indexOf('`', i + 1);
                if (j < 0) throw new TemplateException("template: unterminated raw quoted string");
                tokens.add(s.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "|()\"".indexOf(s.charAt(j)) < 0) j++;
                tokens.add(s.substring(i, j));
                i = j;
            }
        }
    }

    String peek() {
        return next < tokens.size() ? tokens.get(next) : null;
    }

    String next() {
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
