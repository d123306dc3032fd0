package dev.berth.persistence.container;

import dev.berth.spi.EngineException;
import java.util.Objects;

/**
 * A legacy {@code --link NAME[:ALIAS]}: the container named NAME, known inside this one as ALIAS.
 *
 * @param name  the linked container's name, as given (without a leading slash)
 * @param alias the name it has here
 */
public record Link(String name, String alias) {
    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
        if (name.isEmpty() || alias.isEmpty()) {
            throw EngineException.invalid("empty string specified for links");
        }
    }

    /** Docker's {@code name}, {@code name:alias}, or inspect's own {@code /name:/parent/alias}, with its words. */
    public static Link parse(String value) {
        if (value == null || value.isEmpty()) {
            throw EngineException.invalid("empty string specified for links");
        }
        String[] parts = value.split(":", 3);
        if (parts.length > 2) {
            throw EngineException.invalid("bad format for links: " + value);
        }
        if (parts.length == 1) {
            return new Link(value, value);
        }
        if (parts[0].startsWith("/")) {
            return new Link(parts[0].substring(1), parts[1].substring(parts[1].lastIndexOf('/') + 1));
        }
        return new Link(parts[0], parts[1]);
    }

    /** As dockerd's inspect shows it: {@code /name:/parent/alias}. */
    public String render(String parent) {
        return "/" + name + ":/" + parent + "/" + alias;
    }
}
