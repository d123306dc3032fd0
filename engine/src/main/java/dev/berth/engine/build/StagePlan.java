package dev.berth.engine.build;

import dev.berth.dockerfile.Instruction;
import dev.berth.dockerfile.Stage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The stages a build runs: the target (the last stage without --target) and, transitively, the
 * stages it starts FROM or COPYs --from; the others are skipped. A reference that is a variable
 * cannot be known before the build, so it keeps every earlier stage.
 */
final class StagePlan {
    private StagePlan() {
    }

    static List<Stage> needed(List<Stage> stages, Stage target) {
        TreeSet<Integer> keep = new TreeSet<>();
        Deque<Stage> work = new ArrayDeque<>();
        work.add(target);
        while (!work.isEmpty()) {
            Stage s = work.pop();
            if (!keep.add(s.index())) {
                continue;
            }
            dependency(stages, s, s.baseName(), false).forEach(work::push);
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.Copy c && c.from().isPresent()) {
                    dependency(stages, s, c.from().get(), true).forEach(work::push);
                }
            }
        }
        return stages.stream().filter(s -> keep.contains(s.index())).toList();
    }

    private static List<Stage> dependency(List<Stage> stages, Stage of, String ref, boolean byIndex) {
        List<Stage> earlier = stages.subList(0, of.index());
        if (ref.contains("$")) {
            return earlier;
        }
        String lower = ref.toLowerCase();
        Optional<Stage> named = earlier.stream().filter(s -> s.name().map(lower::equals).orElse(false)).findFirst();
        if (named.isPresent()) {
            return List.of(named.get());
        }
        if (byIndex && lower.matches("\\d+")) {
            int i = Integer.parseInt(lower);
            return i < earlier.size() ? List.of(earlier.get(i)) : List.of();
        }
        return List.of();
    }
}
