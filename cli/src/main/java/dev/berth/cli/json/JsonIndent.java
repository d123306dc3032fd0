package dev.berth.cli.json;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Indents JSON as it came from the daemon, byte for byte, the way the docker CLI prints {@code inspect}:
 * it joins the raw answers into one array and runs Go's {@code json.Indent} over it. So strings keep
 * the daemon's own escapes and numbers their spelling; whitespace between tokens is dropped; an empty
 * object or array stays {@code {}} / {@code []}; a colon is followed by one space. Nothing is parsed into
 * values, which is why {@code berth inspect} uses it: reading and re-writing a tree of maps was a
 * quarter of the command's own time in the interpreter.
 */
public final class JsonIndent {
    private JsonIndent() {}

    /** {@code [e1,e2,...]} indented with {@code indent} per level; each element one complete JSON value. */
    public static byte[] array(List<byte[]> elements, String indent) {
        int size = 2;
        for (byte[] e : elements) size += e.length + 1;
        byte[] joined = new byte[size];
        int at = 0;
        joined[at++] = '[';
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) joined[at++] = ',';
            byte[] e = elements.get(i);
            System.arraycopy(e, 0, joined, at, e.length);
            at += e.length;
        }
        joined[at++] = ']';
        return indent(joined, 0, at, indent);
    }

    /**
     * {@code [e1,e2,...]} with the whitespace between tokens dropped (Go's {@code json.Compact}): what
     * {@code inspect --format json} prints. Strings keep their bytes and escapes.
     */
    public static byte[] compactArray(List<byte[]> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) out.write(',');
            boolean inString = false;
            byte[] e = elements.get(i);
            for (int j = 0; j < e.length; j++) {
                byte c = e[j];
                if (inString) {
                    out.write(c);
                    if (c == '\\' && j + 1 < e.length) out.write(e[++j]);
                    else if (c == '"') inString = false;
                } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    out.write(c);
                    inString = c == '"';
                }
            }
        }
        out.write(']');
        return out.toByteArray();
    }

    /** {@code src[from, to)}, one JSON value, indented; a value that ends early or too soon is an error. */
    public static byte[] indent(byte[] src, int from, int to, String indent) {
        byte[] unit = indent.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + (to - from) / 2);
        int depth = 0;
        boolean opened = false; // a '{' or '[' written whose first member has not come yet
        int i = from;
        while (i < to) {
            byte c = src[i];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            if (opened && c != '}' && c != ']') {
                opened = false;
                depth++;
                newline(out, unit, depth);
            }
            switch (c) {
                case '{', '[' -> {
                    out.write(c);
                    opened = true;
                    i++;
                }
                case '}', ']' -> {
                    if (opened) {
                        opened = false;
                    } else {
                        if (depth == 0) throw new JsonException("unbalanced '" + (char) c + "' in the daemon's JSON");
                        depth--;
                        newline(out, unit, depth);
                    }
                    out.write(c);
                    i++;
                }
                case ',' -> {
                    out.write(c);
                    newline(out, unit, depth);
                    i++;
                }
                case ':' -> {
                    out.write(':');
                    out.write(' ');
                    i++;
                }
                case '"' -> {
                    int start = i++;
                    while (true) {
                        if (i >= to) throw new JsonException("unterminated string in the daemon's JSON");
                        byte s = src[i++];
                        if (s == '"') break;
                        if (s == '\\') i++;
                    }
                    out.write(src, start, i - start);
                }
                default -> {
                    int start = i++;
                    while (i < to && !delimiter(src[i])) i++;
                    out.write(src, start, i - start);
                }
            }
        }
        if (depth != 0 || opened) throw new JsonException("unexpected end of the daemon's JSON");
        return out.toByteArray();
    }

    private static boolean delimiter(byte c) {
        return switch (c) {
            case ' ', '\t', '\n', '\r', ',', ':', '{', '}', '[', ']', '"' -> true;
            default -> false;
        };
    }

    private static void newline(ByteArrayOutputStream out, byte[] unit, int depth) {
        out.write('\n');
        for (int d = 0; d < depth; d++) out.write(unit, 0, unit.length);
    }
}
