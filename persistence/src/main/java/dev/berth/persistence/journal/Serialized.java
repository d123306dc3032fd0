package dev.berth.persistence.journal;

import java.util.Optional;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;

/**
 * A value as Pekko's serialization stores it: bytes, the serializer's id and its manifest for the value
 * ({@link Serializers#manifestFor}), so Jackson's "#version" manifests and migrations apply on read.
 */
record Serialized(byte[] bytes, int serializerId, String manifest) {
    static Serialized of(Serialization serialization, Object value) {
        Serializer serializer = serialization.findSerializerFor(value);
        String manifest = Serializers.manifestFor(serializer, value);
        byte[] bytes = serialization.serialize(value).get();
        return new Serialized(bytes, serializer.identifier(), manifest);
    }

    static Optional<Serialized> tryOf(Serialization serialization, Object value) {
        try {
            return Optional.of(of(serialization, value));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static Object deserialize(Serialization serialization, byte[] bytes, int serializerId, String manifest) {
        return serialization.deserialize(bytes, serializerId, manifest).get();
    }
}
