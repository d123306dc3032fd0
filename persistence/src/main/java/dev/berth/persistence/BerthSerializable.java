package dev.berth.persistence;

/**
 * Marker for everything Berth writes to its journal. Bound to pekko-serialization-jackson (JSON) in
 * {@code reference.conf}, so stored events stay readable by auditors with nothing but this module.
 * Every implementing type is a public schema: change its shape only with a {@code JacksonMigration}.
 */
public interface BerthSerializable {}
