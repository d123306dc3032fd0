package dev.berth.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The few checks the contract suites need beyond JUnit's own, so the test-jar asks a plugin project
 * for nothing but the spi and JUnit Jupiter.
 */
public final class ContractAssertions {
    private ContractAssertions() {
    }

    /** {@code actual} holds every one of {@code parts}. */
    public static void assertContains(String actual, String... parts) {
        assertNotNull(actual, "expected text, got null");
        for (String part : parts) {
            assertTrue(actual.contains(part), () -> "expected to contain \"" + part + "\":\n" + actual);
        }
    }

    /** {@code actual} holds none of {@code parts}. */
    public static void assertNotContains(String actual, String... parts) {
        assertNotNull(actual, "expected text, got null");
        for (String part : parts) {
            assertTrue(!actual.contains(part), () -> "expected not to contain \"" + part + "\":\n" + actual);
        }
    }

    /** The file at {@code file} holds exactly {@code expected} (UTF-8). */
    public static void assertContent(String expected, Path file) {
        try {
            assertEquals(expected, Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
