package dev.berth.cli.cmd;

import dev.berth.cli.CliContext;
import dev.berth.cli.http.Body;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DaemonUnreachableException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code run}: create (pulling if the image is missing), then, unless detached, attach, wait
 * (requested before start) and start, and exit with the container's exit code.
 */
@Command(name = "run", description = "Create and run a new container from an image")
public final class RunCommand extends BaseCommand {
    /** docker's usage line for run, after the command's path. */
    static final String USE = "[OPTIONS] IMAGE [COMMAND] [ARG...]";

    @Mixin
    CreateOptions o;

    @Option(names = {"-d", "--detach"}, description = "Run container in background and print container ID")
    boolean detach;

    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = "--sig-proxy", arity = "0..1", fallbackValue = "true",
            description = "Proxy received signals to the process (default true)")
    boolean sigProxy = true;

    @Override
    protected int run() throws IOException, InterruptedException {
        o.detachKeys = detachKeys;
        o.sigProxy = sigProxy;
        return run(ctx(), o, detach, command());
    }

    /** The run itself, for the picocli tree and the lean path alike. */
    static int run(CliContext ctx, CreateOptions o, boolean detach, String command)
            throws IOException, InterruptedException {
        PrintStream err = ctx.err();
        DockerClient client = ctx.client();
        String id;
        if (detach && !o.attach.isEmpty()) {
            err.println("conflicting options: cannot specify both --attach and --detach");
            return 1;
        }
        Map<String, Object> body;
        try {
            body = CreateBody.of(o, !detach, ctx.env());
            byte[] apiConfig = ApiSocket.apply(ctx, o, body);
            id = ContainerCreator.create(client, o, body, err, ctx.env());
            ApiSocket.inject(client, id, apiConfig);
        } catch (DaemonException e) {
            return RunFailure.report("Error response from daemon: " + e.getMessage(), 125, err);
        } catch (UsageException e) {
            if (e.flagError()) return Failures.flagError(e.getMessage(), command, "berth " + command + " " + USE, err);
            return RunFailure.report(e.getMessage(), 125, err);
        } catch (DaemonUnreachableException | IllegalArgumentException | ApiSocket.Injection e) {
            return RunFailure.report(e.getMessage(), 125, err);
        }
        if (detach) {
            try {
                start(client, id);
            } catch (DaemonException e) {
                return RunFailure.startFailed(e.getMessage(), err);
            }
            ctx.out().println(id);
            return 0;
        }
        return attachAndStart(ctx, o, client, id, body);
    }

    private static int attachAndStart(CliContext ctx, CreateOptions o, DockerClient client, String id,
            Map<String, Object> body) throws IOException, InterruptedException {
        PrintStream out = ctx.out();
        PrintStream err = ctx.err();
        out.flush();
        boolean stdin = Boolean.TRUE.equals(body.get("AttachStdin"));
        java.util.concurrent.atomic.AtomicReference<Waiter> waiting = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean detached = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable onDetach = () -> {
            detached.set(true);
            Waiter w = waiting.get();
            if (w != null) w.detached();
        };
        try (Terminal term = Terminal.raw(o.tty && stdin);
                Attachment attachment = Attachment.open(client, id, stdin, Boolean.TRUE.equals(body.get("AttachStdout")),
                        Boolean.TRUE.equals(body.get("AttachStderr")), o.detachKeys, o.tty, ctx.in(), out, err, onDetach);
                SignalProxy signals = SignalProxy.start(o.sigProxy && !o.tty, client, id)) {
            Waiter waiter = Waiter.start(client, id, o.autoRemove ? "removed" : "next-exit");
            waiting.set(waiter);
            if (detached.get()) waiter.detached();
            waiter.awaitRegistered(1000);
            try {
                start(client, id);
            } catch (DaemonException e) {
                waiter.cancel();
                return RunFailure.startFailed(e.getMessage(), err);
            }
            int code;
            try (Terminal.SizeWatch resizes = Terminal.watchSize(o.tty, size -> resize(client, "/containers/" + Query.seg(id), size))) {
                code = waiter.exitCode(err);
            } catch (DaemonException e) {
                return RunFailure.report("Error response from daemon: " + e.getMessage(), 125, err);
            }
            attachment.awaitOutput(10_000);
            out.flush();
            return code;
        } catch (DaemonException e) {
            return RunFailure.report("Error response from daemon: " + e.getMessage(), 125, err);
        }
    }

    /** Tells the daemon a TTY's new size ({@code base} is the container's or exec's path); a failure is dropped. */
    static void resize(DockerClient client, String base, int[] size) {
        try {
            client.call("POST", base + "/resize?h=" + size[0] + "&w=" + size[1], Body.NONE).close();
        } catch (IOException | RuntimeException e) {
            // the process ended meanwhile: nothing to size
        }
    }

    static void start(DockerClient client, String id) throws IOException {
        client.call("POST", "/containers/" + Query.seg(id) + "/start", Body.NONE).close();
    }
}
