package dev.berth.dockerfile;

import java.util.List;
import java.util.Objects;

/**
 * One instruction as the line parser reads it, before it is typed: its keyword (lower case), the
 * leading {@code --flags}, its arguments split as that instruction splits them, whether they were
 * a JSON array, its here-documents, and the lines it spans. ONBUILD carries its trigger as
 * {@code trigger}.
 */
public record Node(String keyword, String original, List<String> flags, List<String> args, boolean json,
        List<Heredoc> heredocs, int startLine, int endLine, Node trigger) {

    public Node {
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(original, "original");
        flags = List.copyOf(flags);
        args = List.copyOf(args);
        heredocs = List.copyOf(heredocs);
    }

    Node withLines(int start, int end) {
        return new Node(keyword, original, flags, args, json, heredocs, start, end, trigger);
    }

    Node withHeredocs(List<Heredoc> docs) {
        return new Node(keyword, original, flags, args, json, docs, startLine, endLine, trigger);
    }
}
