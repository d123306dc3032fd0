package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A {@code .dockerignore}: one pattern a line, {@code #} comments, {@code !} exceptions; later
 * lines win. A path is excluded when the last pattern that matches it, or one of its parent
 * directories, is not an exception. Patterns use Go's filepath.Match syntax plus {@code **}
 * (any number of directories, none included), and are cleaned like paths, so {@code /a/../b/}
 * is {@code b}.
 */
public final class DockerIgnore {

    private record Rule(String pattern, boolean exception, Pattern regex) {
    }

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = false;
            if (line.startsWith("!")) {
                exception = true;
                line = line.substring(1).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            String cleaned = cleanPath(line);
            if (cleaned.length() > 1 && cleaned.startsWith("/")) {
                cleaned = cleaned.substring(1);
            }
            if (cleaned.equals("/")) {
                cleaned = ".";
            }
            rules.add(new Rule(cleaned, exception, compile(cleaned)));
        }
        return new DockerIgnore(rules);
    }

    public static DockerIgnore none() {
        return new DockerIgnore(List.of());
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The patterns as cleaned, exceptions with their {@code !}. */
    public List<String> patterns() {
        return rules.stream().map(r -> (r.exception ? "!" : "") + r.pattern).toList();
    }

    /** Whether {@code path} (relative to the context, '/'-separated) is left out of the context. */
    public boolean excludes(String path) {
        String file = cleanPath(path);
        if (file.startsWith("/")) {
            file = file.substring(1);
        }
        String[] parents = file.split("/");
        boolean matched = false;
        for (Rule rule : rules) {
            // Only a pattern that could change the verdict is worth evaluating.
            if (rule.exception != matched) {
                continue;
            }
            boolean match = rule.regex.matcher(file).matches();
            if (!match && parents.length > 1) {
                StringBuilder parent = new StringBuilder();
                for (int i = 0; i < parents.length - 1 && !match; i++) {
                    if (i > 0) {
                        parent.append('/');
                    }
                    parent.append(parents[i]);
                    match = rule.regex.matcher(parent).matches();
                }
            }
            if (match) {
                matched = !rule.exception;
            }
        }
        return matched;
    }

    /** Whether some exception could bring back a path below {@code dir}, so the walk must enter it. */
    public boolean mayIncludeBelow(String dir) {
        String d = cleanPath(dir);
        return rules.stream().anyMatch(r -> r.exception
                && (r.pattern.startsWith(d + "/") || r.pattern.contains("*") || r.pattern.contains("?")
                        || r.pattern.contains("[")));
    }

    static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    if (i + 1 >= n) {
                        re.append(".*");
                    } else {
                        re.append("(.*/)?");
                    }
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '\\') {
                if (i + 1 < n) {
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else {
                    re.append("\\\\");
                }
            } else if (ch == '[') {
                int close = pattern.indexOf(']', i + 1);
                if (close < 0) {
                    re.append("\\[");
                } else {
                    String cls = pattern.substring(i + 1, close);
                    if (cls.startsWith("^")) {
                        cls = "!" + cls.substring(1);
                    }
                    re.append('[').append(cls.startsWith("!") ? "^" + cls.substring(1) : cls.replace("\\", "\\\\"))
                            .append(']');
                    i = close;
                }
            } else if (".+()|{}$^".indexOf(ch) >= 0) {
                re.append('\\').append(ch);
            } else {
                re.append(ch);
            }
        }
        return Pattern.compile(re.append('$').toString());
    }

    /** Go's path.Clean: collapses '//' and '.', resolves '..', drops a trailing '/'. */
    static String cleanPath(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.get(parts.size() - 1).equals("..")) {
                    parts.remove(parts.size() - 1);
                } else if (!rooted) {
                    parts.add("..");
                }
                continue;
            }
            parts.add(part);
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }
}
