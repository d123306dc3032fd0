package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code attach}: the running container's stdio through a hijacked POST /containers/{id}/attach
 * (the same {@link Attachment}, {@link SignalProxy} and {@link Terminal} as {@code run}), then its
 * exit code from POST /containers/{id}/wait?condition=not-running, as the docker CLI does.
 */
@Command(name = "attach", description = "Attach local standard input, output, and error streams to a running container")
public final class AttachCommand extends BaseCommand {
    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = "--no-stdin", description = "Do not attach STDIN")
    boolean noStdin;

    @Option(names = "--sig-proxy", arity = "0..1", fallbackValue = "true",
            description = "Proxy all received signals to the process (default true)")
    boolean sigProxy = true;

    @Parameters(arity = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int run() throws IOException, InterruptedException {
        DockerClient client = client();
        Object info = client.get("/containers/" + Query.seg(container) + "/json");
        // docker's own checks, before it attaches: the messages are the CLI's, not the daemon's
        String refusal = !Boolean.TRUE.equals(Json.path(info, "State", "Running"))
                ? "You cannot attach to a stopped container, start it first"
                : Boolean.TRUE.equals(Json.path(info, "State", "Paused"))
                        ? "You cannot attach to a paused container, unpause it first"
                        : Boolean.TRUE.equals(Json.path(info, "State", "Restarting"))
                                ? "You cannot attach to a restarting container, wait until it is running" : null;
        if (refusal != null) {
            err().println(refusal);
            return 1;
        }
        boolean tty = Boolean.TRUE.equals(Json.path(info, "Config", "Tty"));
        if (tty && !noStdin && !Terminal.stdinIsTerminal()) {
            err().println("the input device is not a TTY");
            return 1;
        }
        boolean stdin = !noStdin && Boolean.TRUE.equals(Json.path(info, "Config", "OpenStdin"));
        String id = Json.str(info, "Id");
        AtomicReference<Waiter> waiting = new AtomicReference<>();
        AtomicBoolean detached = new AtomicBoolean();
        Runnable onDetach = () -> {
            detached.set(true);
            Waiter w = waiting.get();
            if (w != null) w.detached();
        };
        int code;
        out().flush();
        Attachment opened;
        try {
            opened = Attachment.open(client, id, stdin, true, true, detachKeys, tty, ctx().in(), out(), err(), onDetach);
        } catch (DaemonException e) {
            // the docker CLI reports a refused hijack (e.g. invalid detach keys) by its status only
            err().println("unable to upgrade to tcp, received " + e.status());
            return 1;
        }
        try (Attachment attachment = opened;
                Terminal term = Terminal.raw(tty && stdin);
                SignalProxy signals = SignalProxy.start(sigProxy && !tty, client, id);
                Terminal.SizeWatch resizes = Terminal.watchSize(tty,
                        size -> RunCommand.resize(client, "/containers/" + Query.seg(id), size))) {
            Waiter waiter = Waiter.start(client, id, "not-running");
            waiting.set(waiter);
            if (detached.get()) waiter.detached();
            code = waiter.exitCode(err());
            attachment.awaitOutput(10_000);
            out().flush();
        }
        if (detached.get()) {
            // as docker 28: the terminal is back to normal, the container keeps running, and attach fails
            err().println("read escape sequence");
            return 1;
        }
        return code;
    }
}
