package dev.berth.api.backend;

import java.util.function.Supplier;

/**
 * An answer not yet rendered, with the version of everything it shows. Two of the same object
 * whose versions are equal render the same value, so the router may send again the JSON it wrote
 * for the first. A null version promises nothing: the value is rendered every time.
 *
 * @param id      the object's full id (what the router keeps rendered answers under)
 * @param version equal only when everything the value shows is the same; null when unknown
 * @param value   renders the value from the very inputs the version was taken of
 */
public record Versioned<T>(String id, Object version, Supplier<T> value) {

    /**
     * A version that is {@code state} itself, compared by identity: for a value rendered from one
     * immutable object that is replaced, never changed, when what it holds changes. (Its own equals
     * would not do: two equal records may still hold maps that iterate in different orders.)
     */
    public static Object sameObject(Object state) {
        return new SameObject(state);
    }

    private record SameObject(Object state) {
        @Override
        public boolean equals(Object o) {
            return o instanceof SameObject s && s.state == state;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(state);
        }
    }

    /** A value whose version is unknown: rendered at every request. */
    public static <T> Versioned<T> unversioned(Supplier<T> value) {
        return new Versioned<>(null, null, value);
    }
}
