package dev.berth.persistence.names;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.berth.persistence.BerthSerializable;
import java.time.Instant;

/**
 * The container name directory (persistence id {@code container-names}): a name is reserved before
 * the container that will carry it is created, and released when it is removed or creation fails.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NameEvent.Reserved.class, name = "reserved"),
    @JsonSubTypes.Type(value = NameEvent.Released.class, name = "released"),
})
public sealed interface NameEvent extends BerthSerializable {
    Instant at();

    String name();

    String owner();

    record Reserved(Instant at, String name, String owner) implements NameEvent {}

    record Released(Instant at, String name, String owner) implements NameEvent {}
}
