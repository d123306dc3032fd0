package dev.berth.cli.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent JSON parser behind {@link Json#parse}, over UTF-8 bytes as the daemon sends them. A
 * short command runs it in the interpreter (a {@code ps} of 100 containers parses ~70 KB before C1 has
 * compiled anything), where every call costs: so it reads array elements ({@code String.charAt} was
 * four calls a character), a string without escapes is one scan and one copy (Latin-1 when it is all
 * ASCII, so no decoder runs), an integer is read while it is scanned, and whitespace is JSON's four
 * characters only. Offsets in errors count bytes.
 */
final class JsonParser {
    private final byte[] b;
    private final int end;
    private int pos;
    /** Members of these names in the objects of a top-level array are skipped now and parsed on use. */
    private final String[] deferred;
    private int depth;
    /**
     * Object keys met before, by a hash of their bytes: a list repeats the same dozen keys per element, and
     * a key seen again is then neither decoded nor hashed again (a fresh String's hashCode is a loop).
     */
    private final String[] keys = new String[64];

    JsonParser(byte[] b, int from, int to, Set<String> deferred) {
        this.b = b;
        this.pos = from;
        this.end = to;
        this.deferred = deferred.toArray(new String[0]);
    }

    Object value() {
        ws();
        if (pos >= end) throw error("unexpected end of input");
        byte c = b[pos];
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected character '" + (char) (c & 0xff) + "'");
            }
        };
    }

    void end() {
        ws();
        if (pos != end) throw error("trailing characters");
    }

    private Map<String, Object> object() {
        depth++;
        try {
            return members();
        } finally {
            depth--;
        }
    }

    private Map<String, Object> members() {
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
            String k = key();
            ws();
            expect(':');
            if (depth == 2 && isDeferred(k)) {
                ws();
                int start = pos;
                skipValue();
                m.put(k, new JsonDeferred(b, start, pos));
            } else {
                m.put(k, value());
            }
            ws();
            byte c = next();
            if (c == '}') return m;
            if (c != ',') throw error("expected ',' or '}'");
        }
    }

    private boolean isDeferred(String key) {
        for (String d : deferred) {
            if (d.equals(key)) return true;
        }
        return false;
    }

    /** A key: plain ASCII ones come from {@link #keys} when met before, anything else from {@link #string}. */
    private String key() {
        int start = pos + 1;
        int i = start;
        int h = 0;
        while (i < end) {
            byte c = b[i];
            if (c == '"') break;
            if (c == '\\' || c < 0) return string();
            h = 31 * h + c;
            i++;
        }
        if (i >= end) return string();
        int len = i - start;
        int slot = (h ^ (h >>> 7)) & (keys.length - 1);
        String known = keys[slot];
        if (known != null && known.length() == len) {
            boolean same = true;
            for (int j = 0; j < len; j++) {
                if (known.charAt(j) != b[start + j]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                pos = i + 1;
                return known;
            }
        }
        String k = new String(b, start, len, StandardCharsets.ISO_8859_1);
        keys[slot] = k;
        pos = i + 1;
        return k;
    }

    private List<Object> array() {
        depth++;
        try {
            return elements();
        } finally {
            depth--;
        }
    }

    private List<Object> elements() {
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
            byte c = next();
            if (c == ']') return l;
            if (c != ',') throw error("expected ',' or ']'");
        }
    }

    private String string() {
        expect('"');
        int start = pos;
        boolean ascii = true;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                String s = new String(b, start, pos - start, ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                pos++;
                return s;
            }
            if (c == '\\') break;
            if (c < 0) ascii = false;
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - start + 16).append(new String(b, start, pos - start, StandardCharsets.UTF_8));
        while (true) {
            if (pos >= end) throw error("unterminated string");
            int runStart = pos;
            while (pos < end && b[pos] != '"' && b[pos] != '\\') pos++;
            if (pos > runStart) sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
            if (pos >= end) throw error("unterminated string");
            byte c = b[pos++];
            if (c == '"') return sb.toString();
            byte e = next();
            switch (e) {
                case '"', '\\', '/' -> sb.append((char) e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    if (pos + 4 > end) throw error("bad unicode escape");
                    try {
                        sb.append((char) Integer.parseInt(new String(b, pos, 4, StandardCharsets.ISO_8859_1), 16));
                    } catch (NumberFormatException bad) {
                        throw error("bad unicode escape");
                    }
                    pos += 4;
                }
                default -> throw error("bad escape '\\" + (char) (e & 0xff) + "'");
            }
        }
    }

    private Object number() {
        int start = pos;
        boolean negative = peek() == '-';
        if (negative) pos++;
        boolean integral = true;
        long value = 0;
        int digits = 0;
        while (pos < end) {
            byte c = b[pos];
            if (c >= '0' && c <= '9') {
                value = value * 10 + (c - '0');
                digits++;
                pos++;
            } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                integral = false;
                pos++;
            } else {
                break;
            }
        }
        if (integral && digits > 0 && digits <= 18) return negative ? -value : value;
        String t = new String(b, start, pos - start, StandardCharsets.ISO_8859_1);
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

    /**
     * Moves past one value without building it: strings to their closing quote, objects and arrays to
     * their matching bracket. Nothing inside is checked; {@link JsonDeferred} parses it if it is used.
     */
    private void skipValue() {
        int nesting = 0;
        while (pos < end) {
            byte c = b[pos++];
            if (c == '"') {
                while (true) {
                    if (pos >= end) throw error("unterminated string");
                    byte d = b[pos++];
                    if (d == '"') break;
                    if (d == '\\') pos++;
                }
                if (nesting == 0) return;
            } else if (c == '{' || c == '[') {
                nesting++;
            } else if (c == '}' || c == ']') {
                if (nesting == 0) {
                    pos--;
                    return;
                }
                if (--nesting == 0) return;
            } else if (nesting == 0 && (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')) {
                pos--;
                return;
            }
        }
        if (nesting != 0) throw error("unexpected end of input");
    }

    private Object literal(String word, Object value) {
        int n = word.length();
        if (pos + n > end) throw error("unexpected token");
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) throw error("unexpected token");
        }
        pos += n;
        return value;
    }

    private void ws() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') return;
            pos++;
        }
    }

    private byte peek() {
        return pos < end ? b[pos] : 0;
    }

    private byte next() {
        if (pos >= end) throw error("unexpected end of input");
        return b[pos++];
    }

    private void expect(char c) {
        if (next() != c) throw error("expected '" + c + "'");
    }

    private JsonException error(String msg) {
        return new JsonException(msg + " at offset " + pos);
    }
}
