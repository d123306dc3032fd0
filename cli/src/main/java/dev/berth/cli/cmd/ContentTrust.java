package dev.berth.cli.cmd;

import java.util.Map;
import java.util.Set;

/**
 * Docker content trust (signing and verification through a Notary server), which berth does not have.
 * The docker CLI turns it on with {@code --disable-content-trust=false} or, when that flag is not given,
 * with {@code DOCKER_CONTENT_TRUST} set to anything but a false value; berth refuses both ways rather
 * than pull, push, build or run without the verification the user asked for.
 */
final class ContentTrust {
    static final String ENV = "DOCKER_CONTENT_TRUST";
    private static final Set<String> GO_FALSE = Set.of("0", "f", "F", "false", "FALSE", "False");

    private ContentTrust() {}

    /**
     * @param disable the command's {@code --disable-content-trust}, {@code null} when not given
     * @throws UsageException when content trust is on
     */
    static void refuseIfOn(Boolean disable, Map<String, String> env) {
        if (disable != null) {
            if (!disable) {
                throw new UsageException("--disable-content-trust=false (content trust) is not supported by berth yet");
            }
            return;
        }
        if (onByEnvironment(env)) {
            throw new UsageException("content trust (" + ENV + "=" + env.get(ENV) + ") is not supported by berth yet: unset "
                    + ENV + " or pass --disable-content-trust");
        }
    }

    /** The docker CLI's rule: set and not one of Go's false spellings (an unparsable value counts as on). */
    static boolean onByEnvironment(Map<String, String> env) {
        String value = env.get(ENV);
        return value != null && !value.isEmpty() && !GO_FALSE.contains(value);
    }
}
