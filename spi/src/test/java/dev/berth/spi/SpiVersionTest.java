package dev.berth.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The compatibility rule docs/PLUGINS.md promises, and the version the build wrote into the jar. */
class SpiVersionTest {
    private static final SpiVersion BERTHD = SpiVersion.parse("1.4.2");

    @Test
    void current_isThePomsVersion() {
        assertEquals(new SpiVersion(1, 7, 0), SpiVersion.current());
    }

    @Test
    void refusal_sameMajorOlderOrEqualMinor_runs() {
        assertNull(BERTHD.refusal(SpiVersion.parse("1.0.0")));
        assertNull(BERTHD.refusal(SpiVersion.parse("1.4")));
        assertNull(BERTHD.refusal(SpiVersion.parse("1.4.9")));
    }

    @Test
    void refusal_newerMinorOrAnotherMajor_refusedSayingWhy() {
        assertEquals("built for Berth SPI 1.5.0, berthd provides 1.4.2 (a newer minor version)",
                BERTHD.refusal(SpiVersion.parse("1.5.0")));
        assertEquals("built for Berth SPI 2.0.0, berthd provides 1.4.2 (another major version)",
                BERTHD.refusal(SpiVersion.parse("2.0.0")));
        assertEquals("built for Berth SPI 0.9.0, berthd provides 1.4.2 (another major version)",
                BERTHD.refusal(SpiVersion.parse("0.9.0")));
    }

    @Test
    void parse_suffixIgnored_garbageRefusedNamingIt() {
        assertEquals(new SpiVersion(1, 2, 3), SpiVersion.parse(" 1.2.3-SNAPSHOT "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiVersion.parse("one"));
        assertEquals("not a version (MAJOR.MINOR.PATCH): \"one\"", e.getMessage());
    }
}
