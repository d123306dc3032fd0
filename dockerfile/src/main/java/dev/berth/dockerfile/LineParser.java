package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The first pass over a Dockerfile, as Docker's line parser makes it: parser directives at the
 * top, comments, line continuations (the escape character at a line's end, comment lines and
 * empty lines inside a continuation skipped), here-documents for RUN/COPY/ADD, and each
 * instruction's arguments split as that instruction splits them (see {@link LineArgs}).
 */
final class LineParser {

    private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
    private static final Set<String> DIRECTIVES = Set.of("escape", "syntax", "check");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");

    /** What the first pass yields: the instructions, the escape character, and warnings to show. */
    record Result(List<Node> nodes, char escape, List<String> warnings) {
        Result {
            nodes = List.copyOf(nodes);
            warnings = List.copyOf(warnings);
        }
    }

    private char escape = '\\';
    private Pattern continuation = continuationFor('\\');
    private boolean directivesDone;
    private final Set<String> seen = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();

    static Result parse(String text) {
        return new LineParser().run(text);
    }

    private Result run(String text) {
        String[] lines = splitLines(text);
        List<Node> nodes = new ArrayList<>();
        int current = 0;
        int i = 0;
        while (i < lines.length) {
            String raw = lines[i++];
            directive(raw.strip(), current);
            String stripped = stripComment(raw.stripLeading());
            current++;
            int start = current;
            String line = stripped;
            boolean end = true;
            Matcher m = continuation.matcher(line);
            if (m.find()) {
                line = line.substring(0, m.start());
                end = false;
            }
            if (end && line.isEmpty()) {
                continue;
            }
            boolean emptyContinuation = false;
            while (!end && i < lines.length) {
                String next = lines[i++];
                directive(next, current);
                current++;
                if (isComment(next)) {
                    continue;
                }
                if (next.isBlank()) {
                    emptyContinuation = true;
                    continue;
                }
                Matcher c = continuation.matcher(next);
                if (c.find()) {
                    next = next.substring(0, c.start());
                } else {
                    end = true;
                }
                line += next;
            }
            if (emptyContinuation) {
                warnings.add("[WARNING]: Empty continuation line found in:\n    " + line);
            }
            Node node;
            try {
                node = nodeFromLine(line);
            } catch (DockerfileException e) {
                throw new DockerfileException(e.getMessage(), start);
            }
            if (HEREDOC_INSTRUCTIONS.contains(node.keyword()) && !node.json() && line.contains("<<")) {
                List<Heredoc> docs = new ArrayList<>();
                for (Heredoc doc : heredocsIn(line)) {
                    StringBuilder content = new StringBuilder();
                    boolean terminated = false;
                    while (i < lines.length) {
                        String body = lines[i++];
                        current++;
                        String candidate = doc.chomp() ? body.replaceFirst("^\\t+", "") : body;
                        if (candidate.equals(doc.name())) {
                            terminated = true;
                            break;
                        }
                        content.append(body).append('\n');
                    }
                    if (!terminated) {
                        throw new DockerfileException("unterminated heredoc", start);
                    }
                    docs.add(new Heredoc(doc.name(), content.toString(), doc.expand(), doc.chomp()));
                }
                node = node.withHeredocs(docs);
            }
            nodes.add(node.withLines(start, current));
        }
        if (nodes.isEmpty()) {
            throw new DockerfileException("file with no instructions", current);
        }
        if (!warnings.isEmpty()) {
            warnings.add("[WARNING]: Empty continuation lines will become errors in a future release.");
        }
        return new Result(nodes, escape, warnings);
    }

    private Node nodeFromLine(String line) {
        String[] cmd = LineArgs.WHITESPACE.split(line.strip(), 2);
        String keyword = cmd[0].toLowerCase(Locale.ROOT);
        List<String> flags = List.of();
        String rest = "";
        if (cmd.length == 2) {
            LineArgs.Flags f = LineArgs.flags(cmd[1]);
            flags = f.flags();
            rest = f.rest().strip();
        }
        if (keyword.equals("onbuild")) {
            Node trigger = rest.isEmpty() ? null : nodeFromLine(rest);
            List<String> args = trigger == null ? List.of() : List.of(rest);
            return new Node(keyword, line, flags, args, false, List.of(), 0, 0, trigger);
        }
        LineArgs.Split split = LineArgs.split(keyword, rest, escape);
        // An unknown keyword keeps its spelling so the error can show it as written.
        String key = Instructions.NAMES.contains(keyword) ? keyword : cmd[0];
        return new Node(key, line, flags, split.args(), split.json(), List.of(), 0, 0, null);
    }

    /** The here-documents a line opens, in order: words {@code <<NAME}, {@code <<-NAME}, {@code <<"NAME"}. */
    static List<Heredoc> heredocsIn(String line) {
        List<Heredoc> docs = new ArrayList<>();
        for (String word : LineArgs.words(line, '\\')) {
            Matcher m = HEREDOC.matcher(word);
            if (!m.matches() || m.group(3).isEmpty()) {
                continue;
            }
            String rest = m.group(3);
            String name;
            try {
                name = new WordExpander('\\', Map.of()).expand(rest);
            } catch (DockerfileException e) {
                continue;
            }
            if (name.isEmpty() || LineArgs.words(name, '\\').size() != 1) {
                continue;
            }
            boolean quoted = rest.indexOf('"') >= 0 || rest.indexOf('\'') >= 0;
            docs.add(new Heredoc(name, "", !quoted, !m.group(2).isEmpty()));
        }
        return docs;
    }

    /** Parser directives: only before the first instruction, comment or empty line; each at most once. */
    private void directive(String line, int lineNo) {
        if (directivesDone) {
            return;
        }
        Matcher m = DIRECTIVE.matcher(line);
        if (!m.matches()) {
            directivesDone = true;
            return;
        }
        String key = m.group(1).toLowerCase(Locale.ROOT);
        if (!DIRECTIVES.contains(key)) {
            directivesDone = true;
            return;
        }
        if (!seen.add(key)) {
            throw new DockerfileException("only one " + key + " parser directive can be used", lineNo);
        }
        String value = m.group(2);
        if (key.equals("escape")) {
            if (!value.equals("`") && !value.equals("\\")) {
                throw new DockerfileException("invalid escape token '" + value + "' does not match ` or \\", lineNo);
            }
            escape = value.charAt(0);
            continuation = continuationFor(escape);
        } else if (key.equals("syntax")) {
            warnings.add("[WARNING]: the syntax parser directive (" + value
                    + ") is ignored: Berth builds with its classic builder");
        }
    }

    private static Pattern continuationFor(char escape) {
        return Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
    }

    private static boolean isComment(String line) {
        return line.stripLeading().startsWith("#");
    }

    private static String stripComment(String line) {
        return line.startsWith("#") ? "" : line;
    }

    private static String[] splitLines(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] lines = body.split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            String l = lines[i];
            out[i] = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
        }
        return out;
    }
}
