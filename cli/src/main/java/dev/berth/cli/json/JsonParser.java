package dev.berth.cli.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent JSON parser behind {@link Json#parse}. A short command runs it in the interpreter
 * (a {@code ps} of 100 containers parses ~70 KB before C1 has compiled anything), so the common cases
 * take few calls per character: a string without escapes is one scan and one substring, and
 * whitespace is JSON's four characters only.
 */
final class JsonParser {
    private final String s;
    private final int length;
    private int pos;

    JsonParser(String s) {
        this.s = s;
        this.length = s.length();
    }

    Object value() {
        ws();
        if (pos >= length) throw error("unexpected end of input");
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    void end() {
        ws();
        if (pos != length) throw error("trailing characters");
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        ws();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            ws();
            if (peek() != '"') throw error("expected string key");
            String k = string();
            ws();
            expect(':');
            m.put(k, value());
            ws();
            char c = next();
            if (c == '}') return m;
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        pos++;
        ws();
        if (peek() == ']') {
            pos++;
            return l;
        }
        while (true) {
            l.add(value());
            ws();
            char c = next();
            if (c == ']') return l;
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String string() {
        expect('"');
        int start = pos;
        while (pos < length) {
            char c = s.charAt(pos);
            if (c == '"') return s.substring(start, pos++);
            if (c == '\\') break;
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16).append(s, start, pos);
        while (true) {
            if (pos >= length) throw error("unterminated string");
            char c = s.charAt(pos++);
            if (c == '"') return sb.toString();
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > length) throw error("bad unicode escape");
                    sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    pos += 4;
                }
                default -> throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') pos++;
        boolean integral = true;
        while (pos < length) {
            char c = s.charAt(pos);
            if (c >= '0' && c <= '9') {
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                pos++;
            } else {
                break;
            }
        }
        String t = s.substring(start, pos);
        try {
            if (integral) {
                try {
                    return Long.parseLong(t);
                } catch (NumberFormatException overflow) {
                    return Double.parseDouble(t);
                }
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw error("bad number '" + t + "'");
        }
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, pos)) throw error("unexpected token");
        pos += word.length();
        return value;
    }

    private void ws() {
        while (pos < length) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            pos++;
        }
    }

    private char peek() {
        return pos < length ? s.charAt(pos) : '\0';
    }

    private char next() {
        if (pos >= length) throw error("unexpected end of input");
        return s.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) throw error("expected '" + c + "'");
    }

    private JsonException error(String msg) {
        return new JsonException(msg + " at offset " + pos);
    }
}
