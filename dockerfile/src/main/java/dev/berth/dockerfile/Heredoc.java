package dev.berth.dockerfile;

import java.util.Objects;

/**
 * A here-document of RUN, COPY or ADD: {@code <<EOF} (variables expanded in its content),
 * {@code <<"EOF"} or {@code <<'EOF'} (content literal), {@code <<-EOF} (leading tabs removed).
 * {@code content} holds every line up to the terminator, each with its newline.
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {

    public Heredoc {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a heredoc needs a name");
        }
    }

    /** The content as a command or file sees it: with {@code <<-}, leading tabs of every line removed. */
    public String text() {
        if (!chomp) {
            return content;
        }
        StringBuilder out = new StringBuilder();
        for (String line : content.split("\n", -1)) {
            int i = 0;
            while (i < line.length() && line.charAt(i) == '\t') {
                i++;
            }
            out.append(line, i, line.length()).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }
}
