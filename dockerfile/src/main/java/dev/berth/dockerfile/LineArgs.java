package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How each instruction splits the text after its keyword and flags. The splitters keep quotes:
 * they are removed later, by {@link WordExpander}, for the instructions that expand.
 */
final class LineArgs {

    static final Pattern WHITESPACE = Pattern.compile("[\\t\\u000B\\f\\r ]+");

    /** The arguments of one line, and whether they were a JSON array. */
    record Split(List<String> args, boolean json) {
        static final Split NONE = new Split(List.of(), false);

        Split {
            args = List.copyOf(args);
        }
    }

    private LineArgs() {
    }

    static Split split(String keyword, String rest, char escape) {
        return switch (keyword) {
            case "add", "copy", "volume" -> jsonOrWords(rest);
            case "cmd", "entrypoint", "run", "shell" -> jsonOrWhole(rest);
            case "arg" -> new Split(words(rest, escape), false);
            case "env" -> nameValues(rest, "ENV", escape);
            case "label" -> nameValues(rest, "LABEL", escape);
            case "expose", "from" -> new Split(whitespaceDelimited(rest), false);
            case "healthcheck" -> healthcheck(rest);
            case "maintainer", "stopsignal", "user", "workdir" -> rest.isEmpty() ? Split.NONE : new Split(List.of(rest), false);
            default -> Split.NONE;
        };
    }

    static List<String> whitespaceDelimited(String rest) {
        if (rest.isEmpty()) {
            return List.of();
        }
        return Arrays.asList(WHITESPACE.split(rest, -1));
    }

    private static Split jsonOrWords(String rest) {
        Optional<List<String>> json = JsonArray.parse(rest);
        return json.map(a -> new Split(a, true)).orElseGet(() -> new Split(whitespaceDelimited(rest), false));
    }

    private static Split jsonOrWhole(String rest) {
        if (rest.isEmpty()) {
            return Split.NONE;
        }
        Optional<List<String>> json = JsonArray.parse(rest);
        return json.map(a -> new Split(a, true)).orElseGet(() -> new Split(List.of(rest), false));
    }

    /** HEALTHCHECK: its type word, then CMD's arguments in either form. */
    private static Split healthcheck(String rest) {
        int sep = 0;
        while (sep < rest.length() && !Character.isWhitespace(rest.charAt(sep))) {
            sep++;
        }
        if (sep == 0) {
            return Split.NONE;
        }
        int next = sep;
        while (next < rest.length() && Character.isWhitespace(rest.charAt(next))) {
            next++;
        }
        Split cmd = jsonOrWhole(rest.substring(next));
        List<String> args = new ArrayList<>();
        args.add(rest.substring(0, sep));
        args.addAll(cmd.args());
        return new Split(args, cmd.json());
    }

    /**
     * ENV and LABEL: {@code KEY value with spaces} (the old form, chosen when the first word has
     * no '=') or {@code k=v k2="v 2"}. Flattened as key, value, key, value …
     */
    private static Split nameValues(String rest, String keyword, char escape) {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return Split.NONE;
        }
        if (!words.get(0).contains("=")) {
            String[] parts = WHITESPACE.split(rest, 2);
            if (parts.length < 2) {
                throw new DockerfileException(keyword + " must have two arguments");
            }
            return new Split(List.of(parts[0], parts[1]), false);
        }
        List<String> out = new ArrayList<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw new DockerfileException("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            out.add(word.substring(0, eq));
            out.add(word.substring(eq + 1));
        }
        return new Split(out, false);
    }

    /**
     * Words separated by unquoted white space, quotes and escapes kept in the word (an escaped
     * quote does not open a quotation; nothing escapes inside single quotes).
     */
    static List<String> words(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        char quote = 0;
        int n = rest.length();
        for (int pos = 0; pos < n; pos++) {
            char ch = rest.charAt(pos);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == escape && quote != '\'') {
                    if (pos + 1 == n) {
                        quote = 0;
                        continue;
                    }
                    word.append(ch);
                    ch = rest.charAt(++pos);
                }
                word.append(ch);
                continue;
            }
            if (!inWord) {
                if (Character.isWhitespace(ch)) {
                    continue;
                }
                inWord = true;
            }
            if (Character.isWhitespace(ch)) {
                if (blankOk || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                blankOk = false;
                inWord = false;
                continue;
            }
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blankOk = true;
            } else if (ch == escape) {
                if (pos + 1 == n) {
                    continue;
                }
                word.append(ch);
                ch = rest.charAt(++pos);
            }
            word.append(ch);
        }
        if (inWord && (blankOk || word.length() > 0)) {
            words.add(word.toString());
        }
        return words;
    }

    /** The leading {@code --name[=value]} words of a line, and the rest of it. */
    record Flags(List<String> flags, String rest) {
    }

    static Flags flags(String line) {
        List<String> flags = new ArrayList<>();
        int n = line.length();
        int pos = 0;
        while (true) {
            while (pos < n && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (pos >= n) {
                return new Flags(flags, "");
            }
            if (!line.startsWith("--", pos)) {
                return new Flags(flags, line.substring(pos));
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (pos < n && (quote != 0 || !Character.isWhitespace(line.charAt(pos)))) {
                char ch = line.charAt(pos++);
                if (quote == 0 && (ch == '\'' || ch == '"')) {
                    quote = ch;
                } else if (quote != 0 && ch == quote) {
                    quote = 0;
                } else if (ch == '\\' && pos < n) {
                    word.append(line.charAt(pos++));
                } else if (ch != '\\') {
                    word.append(ch);
                }
            }
            if (word.toString().equals("--")) {
                return new Flags(flags, line.substring(pos).strip());
            }
            flags.add(word.toString());
        }
    }
}
