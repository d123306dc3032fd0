package dev.berth.cli.http;

import java.nio.channels.spi.SelectorProvider;

/**
 * A {@code SelectorProvider} service that cannot be made (abstract, no public constructor): on the class
 * path of {@link UnixSocketsTest}'s probe, the JDK's lookup of {@code SelectorProvider} services fails
 * with a {@code ServiceConfigurationError} naming it, and with it the socket being opened.
 */
public abstract class RefusingSelectorProvider extends SelectorProvider {
    RefusingSelectorProvider() {}
}
