package dev.berth.cli.cmd;

import java.io.File;
import java.io.IOException;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Puts the controlling terminal in raw mode for {@code -it}, and back, through stty. */
final class Terminal implements AutoCloseable {
    private final String saved;

    private Terminal(String saved) {
        this.saved = saved;
    }

    /** Raw mode when stdin is a terminal, otherwise a no-op. */
    static Terminal raw(boolean wanted) {
        if (!wanted || System.console() == null) return new Terminal(null);
        try {
            String state = stty("-g").trim();
            stty("raw", "-echo");
            return new Terminal(state);
        } catch (IOException | InterruptedException e) {
            return new Terminal(null);
        }
    }

    /** Whether our stdin is a terminal (docker's In().IsTerminal()), whatever stdout is. */
    static boolean stdinIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }

    /** Rows and columns of the controlling terminal, or null when stdin is not one. */
    static int[] size() {
        if (System.console() == null) return null;
        try {
            String[] parts = stty("size").trim().split("\\s+");
            return parts.length == 2 ? new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])} : null;
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return null;
        }
    }

    /**
     * Calls {@code resized} with the terminal's rows and columns now and after each window change
     * (SIGWINCH) until closed, as the docker CLI does for {@code -t}; a no-op when stdin is not a terminal.
     */
    static SizeWatch watchSize(boolean wanted, Consumer<int[]> resized) {
        if (!wanted || System.console() == null) return () -> { };
        Runnable report = () -> {
            int[] size = size();
            if (size != null) resized.accept(size);
        };
        report.run();
        Signal winch = new Signal("WINCH");
        // the handler runs on the JVM's signal thread: the stty and the request go to their own thread
        SignalHandler previous = Signal.handle(winch, s -> {
            Thread t = new Thread(report, "berth-resize");
            t.setDaemon(true);
            t.start();
        });
        return () -> Signal.handle(winch, previous);
    }

    /** Stops forwarding window changes. */
    interface SizeWatch extends AutoCloseable {
        @Override
        void close();
    }

    private static String stty(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty")).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    @Override
    public void close() {
        if (saved == null) return;
        try {
            stty(saved);
        } catch (IOException | InterruptedException e) {
            // leave the terminal as it is
        }
    }
}
