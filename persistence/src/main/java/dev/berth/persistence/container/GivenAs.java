package dev.berth.persistence.container;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which field of the create request asked for a mount: inspect shows each mount back in the field
 * it came from ({@code Binds}, {@code Mounts} …), and dockerd's {@code Mounts} entries differ by it
 * (a {@code -v} volume's mode is {@code z}).
 */
public enum GivenAs {
    BINDS("binds"), VOLUMES("volumes"), TMPFS("tmpfs"), MOUNTS("mounts"), VOLUMES_FROM("volumes-from");

    private final String word;

    GivenAs(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }
}
