package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exec form's JSON array of strings. Text that is not a JSON array at all is the shell form
 * (empty result); a well-formed array holding anything but strings is an error, as in Docker.
 */
final class JsonArray {

    static final String NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only";

    private final String text;
    private int pos;
    private boolean nonString;

    private JsonArray(String text) {
        this.text = text;
    }

    static Optional<List<String>> parse(String rest) {
        String s = rest.stripLeading();
        if (!s.startsWith("[")) {
            return Optional.empty();
        }
        JsonArray p = new JsonArray(s);
        List<String> out = p.array();
        if (out == null) {
            return Optional.empty();
        }
        p.spaces();
        if (p.pos != s.length()) {
            return Optional.empty();
        }
        if (p.nonString) {
            throw new DockerfileException(NOT_STRINGS);
        }
        return Optional.of(out);
    }

    private List<String> array() {
        pos++;
        List<String> out = new ArrayList<>();
        spaces();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            spaces();
            if (peek() == '"') {
                String str = string();
                if (str == null) {
                    return null;
                }
                out.add(str);
            } else if (!otherValue()) {
                return null;
            } else {
                nonString = true;
            }
            spaces();
            int ch = peek();
            pos++;
            if (ch == ']') {
                return out;
            }
            if (ch != ',') {
                return null;
            }
        }
    }

    /** A JSON number, literal, object or array: only its extent matters (it makes the array invalid). */
    private boolean otherValue() {
        int start = pos;
        int depth = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                if (string() == null) {
                    return false;
                }
                continue;
            }
            if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                break;
            }
            pos++;
        }
        String value = text.substring(start, pos).strip();
        return depth == 0 && !value.isEmpty() && (value.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?")
                || value.equals("true") || value.equals("false") || value.equals("null")
                || value.startsWith("[") || value.startsWith("{"));
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                return null;
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                return null;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        return null;
                    }
                    try {
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    pos += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return null;
    }

    private void spaces() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private int peek() {
        return pos < text.length() ? text.charAt(pos) : -1;
    }
}
