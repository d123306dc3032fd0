package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class StderrLoggerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void resetLevel() {
        Logging.configure("info");
    }

    @Test
    void loggerFactory_onTheDaemonsClassPath_isOurs() {
        assertThat(LoggerFactory.getLogger("dev.berth.actors.Engine")).isInstanceOf(StderrLogger.class);
    }

    @Test
    void abbreviate_longNames_cutPackagesFromTheLeftAsTheLogAlwaysShowed() {
        assertThat(StderrLogger.abbreviate("dev.berth.actors.Engine", 20)).isEqualTo("d.b.actors.Engine");
        assertThat(StderrLogger.abbreviate("org.apache.pekko.event.slf4j.Slf4jLogger", 20))
                .isEqualTo("o.a.p.e.s.Slf4jLogger");
        assertThat(StderrLogger.abbreviate("dev.berth.api.ApiServer", 20)).isEqualTo("d.b.api.ApiServer");
        assertThat(StderrLogger.abbreviate("dev.berth.daemon.Daemon", 20)).isEqualTo("d.b.daemon.Daemon");
        assertThat(StderrLogger.abbreviate("a.b.Short", 20)).isEqualTo("a.b.Short");
        assertThat(StderrLogger.abbreviate("NoPackageButAVeryLongName", 20)).isEqualTo("NoPackageButAVeryLongName");
    }

    @Test
    void line_message_hasTimeLevelPaddedNameAndText() {
        String line = StderrLogger.line(Instant.parse("2026-12-04T06:57:42.198Z"), Level.INFO, "d.b.actors.Engine",
                "read models rebuilt", null);
        assertThat(line).matches("2026-12-04T\\d\\d:\\d\\d:42\\.198(Z|[+-]\\d\\d:\\d\\d) INFO  \\[d\\.b\\.actors\\.Engine\\] "
                + "read models rebuilt\\R");
    }

    @Test
    void info_withArgumentsAndThrowable_writesOneFormattedEventWithTheTrace() {
        var logger = new StderrLogger("dev.berth.actors.logs.LogShippers", out);
        logger.warn("log of {} not fully shipped: {}", "c0ffee", "disk full", new IllegalStateException("boom"));
        assertThat(written()).contains(" WARN  [d.b.a.l.LogShippers] log of c0ffee not fully shipped: disk full")
                .contains("java.lang.IllegalStateException: boom").contains("\tat ");
    }

    @Test
    void configure_debug_writesDebugAndWarnHidesInfo() {
        var logger = new StderrLogger("dev.berth.x.Y", out);
        logger.debug("hidden at info");
        Logging.configure("debug");
        logger.debug("shown at debug");
        Logging.configure("warn");
        logger.info("hidden at warn");
        logger.error("shown at warn");
        assertThat(written()).doesNotContain("hidden").contains("DEBUG [dev.berth.x.Y] shown at debug")
                .contains("ERROR [dev.berth.x.Y] shown at warn");
    }
}
