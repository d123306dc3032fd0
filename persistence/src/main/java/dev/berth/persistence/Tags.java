package dev.berth.persistence;

import java.util.Set;

/** The fixed set of journal tags. Every event carries {@link #ALL} and the one of its entity type. */
public final class Tags {
    /** Every event of every entity, in global journal order: the stream behind {@code /events}. */
    public static final String ALL = "berth";
    public static final String CONTAINER = "container";
    public static final String IMAGE = "image";
    public static final String NETWORK = "network";
    public static final String VOLUME = "volume";
    public static final String PLUGIN = "plugin";

    public static Set<String> of(String typeTag) {
        return Set.of(ALL, typeTag);
    }

    private Tags() {}
}
