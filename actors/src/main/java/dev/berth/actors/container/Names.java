package dev.berth.actors.container;

import dev.berth.spi.EngineException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Container ids, generated names and name validation, as Docker makes and checks them. */
public final class Names {
    private static final Pattern VALID = Pattern.compile("^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String[] LEFT = {"admiring", "amazing", "brave", "busy", "calm", "clever", "eager",
        "elegant", "epic", "focused", "friendly", "gifted", "happy", "jolly", "keen", "lucid", "magical",
        "modest", "nifty", "quirky", "relaxed", "serene", "sharp", "stoic", "tender", "vibrant", "wizardly", "zen"};
    private static final String[] RIGHT = {"archimedes", "babbage", "bohr", "curie", "darwin", "einstein",
        "euler", "fermat", "galileo", "gauss", "hopper", "hypatia", "kepler", "lamarr", "lovelace", "meitner",
        "newton", "noether", "pascal", "ritchie", "shannon", "tesla", "thompson", "turing", "wozniak"};

    public static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public static String randomName() {
        return LEFT[RANDOM.nextInt(LEFT.length)] + "_" + RIGHT[RANDOM.nextInt(RIGHT.length)];
    }

    /** Returns the name without its leading slash; INVALID_ARGUMENT with Docker's wording otherwise. */
    public static String validate(String name) {
        if (!VALID.matcher(name).matches()) {
            throw EngineException.invalid("Invalid container name (" + name
                    + "), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed");
        }
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private Names() {}
}
