package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code start}: POST /containers/{id}/start each; with -a, attach and wait like run. */
@Command(name = "start", description = "Start one or more stopped containers")
public final class StartCommand extends BaseCommand {
    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
    boolean interactive;

    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    protected int run() throws IOException, InterruptedException {
        DockerClient client = client();
        if (attach || interactive) {
            if (containers.size() > 1) throw new UsageException("you cannot attach to multiple containers at once");
            String name = containers.get(0);
            Object info = client.get("/containers/" + Query.seg(name) + "/json");
            boolean tty = Boolean.TRUE.equals(Json.path(info, "Config", "Tty"));
            java.util.concurrent.CompletableFuture<Waiter> waiting = new java.util.concurrent.CompletableFuture<>();
            // the detach keys (with a TTY): start ends with 0, the container keeps running
            Runnable onDetach = () -> waiting.thenAccept(Waiter::detached);
            try (Terminal term = Terminal.raw(tty && interactive);
                    Attachment a = Attachment.open(client, name, interactive, true, true, detachKeys, tty, ctx().in(),
                    out(), err(), onDetach)) {
                Waiter waiter = Waiter.start(client, name, "next-exit");
                waiting.complete(waiter);
                waiter.awaitRegistered(1000);
                RunCommand.start(client, name);
                int code = waiter.exitCode(err());
                a.awaitOutput(10_000);
                return code;
            }
        }
        int rc = 0;
        for (String c : containers) {
            try {
                RunCommand.start(client, c);
                out().println(c);
            } catch (DaemonException e) {
                err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        if (rc != 0) err().println("Error: failed to start containers: " + String.join(", ", containers));
        return rc;
    }
}
