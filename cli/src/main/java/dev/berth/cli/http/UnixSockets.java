package dev.berth.cli.http;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import sun.security.jca.ProviderList;
import sun.security.jca.Providers;

/**
 * Opens unix-socket channels. The JDK's first one initialises {@code sun.nio.ch.UnixDomainSockets},
 * which makes a {@code SHA1PRNG} {@link SecureRandom} for the temporary names of sockets bound to no
 * address (berth binds none): that loads the SUN provider and its ~100 services, ~10 ms of CPU of a
 * ~90 ms {@code ps}. When {@code bin/berth} runs the jar, whose manifest exports
 * {@code sun.security.jca} to the class path, that one initialisation sees a provider list of one
 * provider, whose {@code SHA1PRNG} is a real one made on first use. Launched any other way (unit
 * tests, {@code -cp}), the JDK initialises it as usual.
 */
final class UnixSockets {
    private static boolean initialised;

    private UnixSockets() {}

    static SocketChannel open(UnixDomainSocketAddress address) throws IOException {
        synchronized (UnixSockets.class) {
            if (!initialised) {
                initialised = true;
                if (exported("sun.security.jca")) {
                    return OneProvider.open(address);
                }
            }
        }
        return connect(address);
    }

    private static boolean exported(String jdkPackage) {
        return Object.class.getModule().isExported(jdkPackage, UnixSockets.class.getModule());
    }

    /**
     * {@link SocketChannel#open(java.net.SocketAddress)}, but from the JDK's own provider when
     * {@code sun.nio.ch} is exported to us: {@link SelectorProvider#provider()}'s first call looks for
     * {@code SelectorProvider} services on the whole class path through {@code ServiceLoader}, ~3 ms of
     * a ~45 ms {@code ps} (interpreted code, every command), to find none and take that same provider.
     */
    private static SocketChannel connect(UnixDomainSocketAddress address) throws IOException {
        if (!exported("sun.nio.ch")) return SocketChannel.open(address);
        SocketChannel channel = JdkProvider.openUnix();
        try {
            channel.connect(address);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Kept apart so that nothing links to {@code sun.nio.ch} unless it is exported to us. */
    private static final class JdkProvider {
        static SocketChannel openUnix() throws IOException {
            return sun.nio.ch.DefaultSelectorProvider.get().openSocketChannel(StandardProtocolFamily.UNIX);
        }
    }

    /** Kept apart so that nothing links to {@code sun.security.jca} unless it is exported to us. */
    private static final class OneProvider {
        static SocketChannel open(UnixDomainSocketAddress address) throws IOException {
            ProviderList previous = Providers.beginThreadProviderList(ProviderList.newList(new LazyRandomProvider()));
            try {
                return connect(address);
            } finally {
                Providers.endThreadProviderList(previous);
            }
        }
    }

    /** Offers a {@code SecureRandom} of any algorithm, and nothing else. */
    private static final class LazyRandomProvider extends Provider {
        private static final long serialVersionUID = 1L;

        LazyRandomProvider() {
            super("BerthUnixSockets", "1.0", "a SecureRandom made on first use");
        }

        @Override
        public synchronized Service getService(String type, String algorithm) {
            if (!type.equals("SecureRandom")) return null;
            return new Service(this, type, algorithm, LazyRandom.class.getName(), null, null) {
                @Override
                public Object newInstance(Object parameter) {
                    return new LazyRandom(algorithm);
                }
            };
        }
    }

    /** The JDK's own {@code SecureRandom} of that algorithm, made (with its provider) on first use. */
    private static final class LazyRandom extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final String algorithm;
        private SecureRandom real;

        LazyRandom(String algorithm) {
            this.algorithm = algorithm;
        }

        private synchronized SecureRandom real() {
            if (real == null) {
                try {
                    real = SecureRandom.getInstance(algorithm);
                } catch (NoSuchAlgorithmException e) {
                    real = new SecureRandom();
                }
            }
            return real;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            real().setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            real().nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return real().generateSeed(numBytes);
        }
    }
}
