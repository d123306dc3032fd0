package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The start-up log's "jvm N ms": this process's age from /proc, to 10 ms, not off by up to a second. */
class JvmBootMillisTest {

    @Test
    void processAge_agreesWithTheJvmsOwnUptime() {
        long t = System.nanoTime();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime(); // from the VM's start, after the exec
        long age = Daemon.jvmBootMillis(t);
        assertThat(age).as("the exec comes a little before the VM records its start").isBetween(uptime - 30, uptime + 300);

        // what was spent after t0 is not the JVM's: 200 ms ago gives 200 ms less
        long earlier = Daemon.jvmBootMillis(t - 200_000_000L);
        assertThat(earlier).isBetween(age - 230, age - 170);
    }
}
