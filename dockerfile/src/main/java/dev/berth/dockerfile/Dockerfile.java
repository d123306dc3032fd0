package dev.berth.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed Dockerfile: the ARGs before the first FROM (usable in FROM lines), the stages in
 * order, the escape character its directive chose, and warnings to show the user.
 *
 * <p>Errors read as dockerd's classic builder words them: a line-level problem as
 * {@code failed to parse Dockerfile: …}, an instruction-level one as
 * {@code dockerfile parse error on line N: …}.
 */
public record Dockerfile(List<Instruction.Arg> metaArgs, List<Stage> stages, char escape, List<String> warnings) {

    public Dockerfile {
        metaArgs = List.copyOf(metaArgs);
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
    }

    /** Parses {@code text}; {@code name} is the Dockerfile's path as the user gave it, for messages. */
    public static Dockerfile parse(String text, String name) {
        LineParser.Result lines;
        try {
            lines = LineParser.parse(text);
        } catch (DockerfileException e) {
            throw new DockerfileException("failed to parse " + name + ": " + e.getMessage(), e.line());
        }
        List<Instruction.Arg> metaArgs = new ArrayList<>();
        List<Stage> stages = new ArrayList<>();
        Instructions.From from = null;
        List<Instruction> current = new ArrayList<>();
        for (Node node : lines.nodes()) {
            Instructions.Parsed parsed;
            try {
                parsed = Instructions.parse(node);
            } catch (DockerfileException e) {
                throw new DockerfileException("dockerfile parse error on line " + node.startLine() + ": "
                        + e.getMessage(), node.startLine());
            }
            if (parsed instanceof Instructions.From f) {
                if (from != null) {
                    stages.add(stage(stages.size(), from, current));
                }
                from = f;
                current = new ArrayList<>();
            } else if (parsed instanceof Instructions.Command c) {
                if (from == null) {
                    if (c.instruction() instanceof Instruction.Arg arg) {
                        metaArgs.add(arg);
                        continue;
                    }
                    throw new DockerfileException("no build stage in current context", node.startLine());
                }
                current.add(c.instruction());
            }
        }
        if (from != null) {
            stages.add(stage(stages.size(), from, current));
        }
        return new Dockerfile(metaArgs, stages, lines.escape(), lines.warnings());
    }

    private static Stage stage(int index, Instructions.From from, List<Instruction> instructions) {
        return new Stage(index, from.baseName(), from.name(), from.platform(), from.source(), instructions);
    }

    /** The stage named {@code nameOrIndex} (names compare case-insensitively, as Docker's do). */
    public Optional<Stage> stage(String nameOrIndex) {
        String lower = nameOrIndex.toLowerCase();
        for (Stage s : stages) {
            if (s.name().map(lower::equals).orElse(false)) {
                return Optional.of(s);
            }
        }
        if (lower.matches("\\d+")) {
            try {
                int i = Integer.parseInt(lower);
                if (i < stages.size()) {
                    return Optional.of(stages.get(i));
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
