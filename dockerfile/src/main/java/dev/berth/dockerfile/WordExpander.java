package dev.berth.dockerfile;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Docker's word expansion for the instructions that substitute variables (ENV, ARG, LABEL, FROM,
 * COPY, ADD, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL): quotes removed, the escape character
 * honoured, {@code $V}, {@code ${V}}, {@code ${V:-w}}, {@code ${V-w}}, {@code ${V:+w}},
 * {@code ${V+w}}, {@code ${V:?w}}, {@code ${V?w}}; an unset variable expands to nothing. It follows
 * a POSIX shell's rules only as far as Docker does: no globbing, no command substitution, and the
 * result is one word (spaces are kept).
 *
 * <p>Not thread-safe: one instance per expansion.
 */
public final class WordExpander {

    private static final int EOF = -1;

    private final char escape;
    private final Map<String, String> env;
    private final Set<String> used = new TreeSet<>();
    private String input;
    private int pos;

    public WordExpander(char escape, Map<String, String> env) {
        this.escape = escape;
        this.env = Map.copyOf(env);
    }

    /** Expands one word; the variables it read are added to {@link #used()}. */
    public String expand(String word) {
        input = word;
        pos = 0;
        StringBuilder out = new StringBuilder();
        while (peek() != EOF) {
            int ch = next();
            if (ch == escape) {
                if (peek() == EOF) {
                    break;
                }
                out.append((char) next());
            } else if (ch == '\'') {
                singleQuoted(out);
            } else if (ch == '"') {
                doubleQuoted(out);
            } else if (ch == '$') {
                out.append(dollar());
            } else {
                out.append((char) ch);
            }
        }
        return out.toString();
    }

    /** The names of the variables the expansions so far looked up, set or not. */
    public Set<String> used() {
        return Set.copyOf(used);
    }

    private void singleQuoted(StringBuilder out) {
        while (true) {
            int ch = next();
            if (ch == EOF) {
                throw new DockerfileException("unexpected end of statement while looking for matching single-quote");
            }
            if (ch == '\'') {
                return;
            }
            out.append((char) ch);
        }
    }

    private void doubleQuoted(StringBuilder out) {
        while (true) {
            int ch = peek();
            if (ch == EOF) {
                throw new DockerfileException("unexpected end of statement while looking for matching double-quote");
            }
            if (ch == '"') {
                next();
                return;
            }
            if (ch == '$') {
                next();
                out.append(dollar());
                continue;
            }
            next();
            // Inside double quotes the escape character only escapes what would otherwise be special there.
            if (ch == escape && (peek() == '"' || peek() == '$' || peek() == escape)) {
                out.append((char) next());
            } else {
                out.append((char) ch);
            }
        }
    }

    /** After a '$': a variable reference, or a literal '$' when no name follows. */
    private String dollar() {
        int ch = peek();
        if (ch == '{') {
            next();
            return braced();
        }
        if (ch == EOF || !(Character.isLetterOrDigit(ch) || ch == '_')) {
            return "$";
        }
        return valueOf(name());
    }

    private String braced() {
        String name = name();
        if (name.isEmpty()) {
            throw new DockerfileException("bad substitution");
        }
        int ch = next();
        if (ch == '}') {
            return valueOf(name);
        }
        if (ch == EOF) {
            throw new DockerfileException("syntax error: missing '}'");
        }
        boolean colon = ch == ':';
        if (colon) {
            ch = next();
        }
        String word = until('}');
        String value = env.get(name);
        used.add(name);
        boolean absent = value == null || (colon && value.isEmpty());
        switch (ch) {
            case '-':
                return absent ? word : value;
            case '+':
                return absent ? "" : word;
            case '?':
                if (absent) {
                    String why = !word.isEmpty() ? word
                            : value == null ? "is not allowed to be unset" : "is not allowed to be empty";
                    throw new DockerfileException(name + ": " + why);
                }
                return value;
            default:
                throw new DockerfileException("unsupported modifier (" + (colon ? ":" : "") + (char) ch + ") in substitution");
        }
    }

    /** The word of a ${V:-word} modifier: expanded itself, up to the closing brace. */
    private String until(char stop) {
        StringBuilder out = new StringBuilder();
        while (true) {
            int ch = next();
            if (ch == EOF) {
                throw new DockerfileException("syntax error: missing '" + stop + "'");
            }
            if (ch == stop) {
                return out.toString();
            }
            if (ch == escape) {
                if (peek() != EOF) {
                    out.append((char) next());
                }
            } else if (ch == '\'') {
                singleQuoted(out);
            } else if (ch == '"') {
                doubleQuoted(out);
            } else if (ch == '$') {
                out.append(dollar());
            } else {
                out.append((char) ch);
            }
        }
    }

    private String name() {
        StringBuilder name = new StringBuilder();
        if (peek() != EOF && Character.isDigit(peek())) {
            // Positional parameters ($1): digits only; never set in a build.
            while (peek() != EOF && Character.isDigit(peek())) {
                name.append((char) next());
            }
            return name.toString();
        }
        while (peek() != EOF && (Character.isLetterOrDigit(peek()) || peek() == '_')) {
            name.append((char) next());
        }
        return name.toString();
    }

    private String valueOf(String name) {
        used.add(name);
        String value = env.get(name);
        return value == null ? "" : value;
    }

    private int peek() {
        return pos < input.length() ? input.charAt(pos) : EOF;
    }

    private int next() {
        return pos < input.length() ? input.charAt(pos++) : EOF;
    }
}
