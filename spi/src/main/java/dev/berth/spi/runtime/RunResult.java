package dev.berth.spi.runtime;

import java.time.Instant;

/** A started run: the init process id on the host and when it started. */
public record RunResult(int pid, Instant startedAt) {}
