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

    /** A value whose version is unknown: rendered at every request. */
    public static <T> Versioned<T> unversioned(Supplier<T> value) {
        return new Versioned<>(null, null, value);
    }
}
