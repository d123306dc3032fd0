package dev.berth.cli.format;

/**
 * A --format template that does not parse or cannot be executed, worded as Go's text/template words it
 * ({@code template: :1: unclosed action}, {@code template: :1:2: executing "" at <.Nope>: …}); a command
 * adds the docker CLI's prefix and exit code with {@link #prefixed}.
 */
public final class TemplateException extends RuntimeException {
    /** Whether the template did not parse or failed while running. */
    public enum Kind { PARSE, EXEC }

    private final Kind kind;
    private final int exitCode;

    public TemplateException(String message) {
        this(message, Kind.EXEC, 1);
    }

    private TemplateException(String message, Kind kind, int exitCode) {
        super(message);
        this.kind = kind;
        this.exitCode = exitCode;
    }

    /** Go's parse error: the line of {@code pos} in {@code src}. */
    static TemplateException parse(String src, int pos, String message) {
        return new TemplateException("template: :" + line(src, pos) + ": " + message, Kind.PARSE, 1);
    }

    /** Go's execution error: line and 0-based column of the node, the node's text, the reason. */
    static TemplateException exec(String src, int pos, String node, String message) {
        int p = Math.max(0, Math.min(pos, src.length()));
        int nl = src.lastIndexOf('\n', p - 1);
        int col = nl < 0 ? p : p - nl - 1;
        return new TemplateException("template: :" + line(src, p) + ":" + col + ": executing \"\" at <" + node + ">: "
                + message, Kind.EXEC, 1);
    }

    private static int line(String src, int pos) {
        int n = 1;
        for (int i = 0; i < Math.min(pos, src.length()); i++) {
            if (src.charAt(i) == '\n') n++;
        }
        return n;
    }

    public Kind kind() {
        return kind;
    }

    /** The exit code a command returns after printing this (1 unless {@link #prefixed} said otherwise). */
    public int exitCode() {
        return exitCode;
    }

    /** This failure of a template named {@code name} ({@code template: version:1:2: executing "version" at …}). */
    public TemplateException named(String name) {
        if (name.isEmpty()) return this;
        String m = getMessage().replaceFirst("^template: :", "template: " + name + ":")
                .replaceFirst(" executing \"\" at <", " executing \"" + name + "\" at <");
        return new TemplateException(m, kind, exitCode);
    }

    /** This failure as a command reports it: {@code failed to parse template: template: …}. */
    public TemplateException prefixed(String prefix, int exit) {
        return new TemplateException(prefix + getMessage(), kind, exit);
    }
}
