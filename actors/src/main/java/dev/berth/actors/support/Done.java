package dev.berth.actors.support;

/** The value of a reply that carries nothing. */
public enum Done {
    DONE
}
