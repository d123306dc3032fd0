package dev.berth.persistence.names;

import dev.berth.persistence.BerthSerializable;
import java.util.HashMap;
import java.util.Map;

/** name → owner id. Immutable. */
public record NameState(Map<String, String> names) implements BerthSerializable {
    public NameState {
        names = Map.copyOf(names);
    }

    public static NameState empty() {
        return new NameState(Map.of());
    }

    public NameState apply(NameEvent event) {
        var next = new HashMap<>(names);
        if (event instanceof NameEvent.Reserved r) {
            next.put(r.name(), r.owner());
        } else if (event instanceof NameEvent.Released r) {
            next.remove(r.name(), r.owner());
        }
        return new NameState(next);
    }
}
