package dev.berth.persistence.journal;

import java.util.List;

/**
 * One row of {@code event_journal} (and its {@code event_tag} rows) as pekko-persistence-jdbc 1.1.1
 * wrote it: the event serialized by Pekko's serializer for its class, its serializer id and manifest
 * beside it; metadata, when an event has any, serialized the same way into the {@code meta_*} columns.
 *
 * @param metaPayload null when the event has no metadata (then metaSerId and metaSerManifest are null too)
 */
record EventRow(String persistenceId, long sequenceNr, boolean deleted, String writer, long writeTimestamp,
        String adapterManifest, byte[] payload, int serializerId, String serializerManifest,
        byte[] metaPayload, Integer metaSerializerId, String metaSerializerManifest, List<String> tags) {
    EventRow {
        tags = List.copyOf(tags);
    }
}
