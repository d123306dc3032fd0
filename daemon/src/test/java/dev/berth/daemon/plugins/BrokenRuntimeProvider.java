package dev.berth.daemon.plugins;

import dev.berth.spi.DriverContext;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.RuntimeDriver;
import dev.berth.spi.runtime.RuntimeProvider;

/** Test runtime {@code brokenrt}: cannot run here. */
public final class BrokenRuntimeProvider implements RuntimeProvider {
    public static final String REASON = "brokenrt needs a kernel it does not have";

    @Override
    public String name() {
        return "brokenrt";
    }

    @Override
    public RuntimeDriver create(DriverContext context) {
        throw EngineException.unavailable(REASON, null);
    }
}
