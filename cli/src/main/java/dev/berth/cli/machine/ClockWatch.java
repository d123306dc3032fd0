package dev.berth.cli.machine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sets the guest's clock again after the host slept: the host's monotonic clock stops during a
 * suspend while its wall clock goes on, and so does the guest's (its kvm-clock counts monotonic
 * time), so a jump of the host's wall clock against its monotonic one is the guest's lag. The fix
 * is {@code date -s} over the machine's ssh, no guest agent needed.
 */
final class ClockWatch implements Runnable {
    private static final long PERIOD_MS = 5000;
    private static final long JUMP_MS = 2000;
    private final Machine machine;

    ClockWatch(Path dir) {
        this.machine = new Machine(new MachineHome(dir.getParent(), dir.getParent(), dir.getParent()),
                dir.getFileName().toString());
    }

    @Override
    public void run() {
        long wall = System.currentTimeMillis();
        long mono = System.nanoTime();
        while (true) {
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
            long wallNow = System.currentTimeMillis();
            long monoNow = System.nanoTime();
            long drift = (wallNow - wall) - TimeUnit.NANOSECONDS.toMillis(monoNow - mono);
            wall = wallNow;
            mono = monoNow;
            if (Math.abs(drift) > JUMP_MS) sync(drift);
        }
    }

    private void sync(long drift) {
        try {
            String now = String.format("@%.3f", System.currentTimeMillis() / 1000.0);
            Process p = new ProcessBuilder(SshArgs.argv(machine, List.of("date", "-u", "-s", now)))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            boolean done = p.waitFor(20, TimeUnit.SECONDS);
            Supervisor.log("host clock jumped " + drift + " ms (suspend?): guest clock set "
                    + (done && p.exitValue() == 0 ? "" : "FAILED ") + "to " + now);
        } catch (IOException e) {
            Supervisor.log("clock: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
