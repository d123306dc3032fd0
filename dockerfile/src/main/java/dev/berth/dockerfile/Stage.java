package dev.berth.dockerfile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One build stage: its FROM (base image as written, optional {@code AS} name in lower case,
 * optional {@code --platform}) and its instructions. {@code index} is its position, which
 * {@code COPY --from=N} may name.
 */
public record Stage(int index, String baseName, Optional<String> name, Optional<String> platform,
        Instruction.Source source, List<Instruction> instructions) {

    public Stage {
        Objects.requireNonNull(baseName, "baseName");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        instructions = List.copyOf(instructions);
    }
}
