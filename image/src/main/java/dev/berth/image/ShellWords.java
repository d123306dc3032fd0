package dev.berth.image;

import dev.berth.spi.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The small part of the Dockerfile shell lexer that {@code --change} instructions need: splitting
 * on unquoted whitespace, then per word removing quotes and expanding {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-word}} and {@code ${VAR:+word}} from the image's environment, as the builder does.
 */
final class ShellWords {
    private ShellWords() {}

    /** Splits on whitespace outside quotes; quotes and backslashes stay in the words. */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote == 0 && Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                continue;
            }
            inWord = true;
            cur.append(ch);
            if (ch == '\\' && quote != '\'' && i + 1 < s.length()) {
                cur.append(s.charAt(++i));
            } else if (quote == 0 && (ch == '"' || ch == '\'')) {
                quote = ch;
            } else if (ch == quote) {
                quote = 0;
            }
        }
        if (quote != 0) {
            throw EngineException.invalid("unexpected end of statement while looking for matching " + quote);
        }
        if (inWord) {
            words.add(cur.toString());
        }
        return words;
    }

    /** Removes quotes and backslashes and expands variables; {@code env} returns null when unset. */
    static String process(String word, UnaryOperator<String> env) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < word.length()) {
            char ch = word.charAt(i);
            if (ch == '\'') {
                int end = word.indexOf('\'', i + 1);
                if (end < 0) {
                    throw EngineException.invalid("unexpected end of statement while looking for matching '");
                }
                out.append(word, i + 1, end);
                i = end + 1;
            } else if (ch == '"') {
                i = doubleQuoted(word, i + 1, out, env);
            } else if (ch == '\\') {
                if (i + 1 < word.length()) {
                    out.append(word.charAt(i + 1));
                }
                i += 2;
            } else if (ch == '$') {
                i = variable(word, i + 1, out, env);
            } else {
                out.append(ch);
                i++;
            }
        }
        return out.toString();
    }

    private static int doubleQuoted(String word, int i, StringBuilder out, UnaryOperator<String> env) {
        while (i < word.length()) {
            char ch = word.charAt(i);
            if (ch == '"') {
                return i + 1;
            }
            if (ch == '\\' && i + 1 < word.length() && "\"$\\".indexOf(word.charAt(i + 1)) >= 0) {
                out.append(word.charAt(i + 1));
                i += 2;
            } else if (ch == '$') {
                i = variable(word, i + 1, out, env);
            } else {
                out.append(ch);
                i++;
            }
        }
        throw EngineException.invalid("unexpected end of statement while looking for matching \"");
    }

    /** Expands the variable whose name starts at {@code i} (just after '$'); returns the next index. */
    private static int variable(String word, int i, StringBuilder out, UnaryOperator<String> env) {
        if (i >= word.length()) {
            out.append('$');
            return i;
        }
        if (word.charAt(i) == '{') {
            int end = word.indexOf('}', i);
            if (end < 0) {
                throw EngineException.invalid("missing '}'");
            }
            String body = word.substring(i + 1, end);
            int colon = body.indexOf(':');
            String name = colon < 0 ? body : body.substring(0, colon);
            String value = env.apply(name);
            if (colon < 0) {
                out.append(value == null ? "" : value);
            } else {
                String op = body.substring(colon + 1);
                String alt = op.length() > 1 ? process(op.substring(1), env) : "";
                if (op.startsWith("-")) {
                    out.append(value == null || value.isEmpty() ? alt : value);
                } else if (op.startsWith("+")) {
                    out.append(value == null || value.isEmpty() ? "" : alt);
                } else {
                    throw EngineException.invalid("unsupported modifier (" + op + ") in substitution");
                }
            }
            return end + 1;
        }
        int start = i;
        while (i < word.length() && (Character.isLetterOrDigit(word.charAt(i)) || word.charAt(i) == '_')) {
            i++;
        }
        if (i == start) {
            out.append('$');
            return i;
        }
        String value = env.apply(word.substring(start, i));
        out.append(value == null ? "" : value);
        return i;
    }
}
