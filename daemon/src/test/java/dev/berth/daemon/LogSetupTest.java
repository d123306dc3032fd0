package dev.berth.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogSetupTest {
    @Test
    void logbackFindsItAndItLogsToStderrAtInfo() {
        assertTrue(ServiceLoader.load(Configurator.class).stream().anyMatch(p -> p.type() == LogSetup.class),
                "META-INF/services names LogSetup");
        var context = new LoggerContext();
        var setup = new LogSetup();
        setup.setContext(context);
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, setup.configure(context));
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.INFO, root.getLevel());
        var appender = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", appender.getTarget());
        assertTrue(appender.isStarted());
        assertEquals(LogSetup.PATTERN, ((PatternLayoutEncoder) appender.getEncoder()).getPattern());
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineWins() {
        System.setProperty("logback.configurationFile", "/nonexistent/logback.xml");
        try {
            var context = new LoggerContext();
            var setup = new LogSetup();
            setup.setContext(context);
            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, setup.configure(context));
            assertEquals(null, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"));
        } finally {
            System.clearProperty("logback.configurationFile");
        }
    }
}
