package dev.berth.spi.runtime;

import java.util.List;

/**
 * The container's identity and namespace choices beyond its own fresh namespaces (the {@code docker run}
 * options {@code --group-add}, …), already checked by the engine.
 *
 * @param groupAdd supplementary groups added to the process's (and each exec's): numbers as they are,
 *                 names looked up in the container's /etc/group at start
 */
public record NamespaceOptions(List<String> groupAdd) {
    /** Nothing beyond the defaults. */
    public static final NamespaceOptions NONE = new NamespaceOptions(List.of());

    public NamespaceOptions {
        groupAdd = groupAdd == null ? List.of() : List.copyOf(groupAdd);
    }
}
