package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code restart}: POST /containers/{id}/restart?t=…&signal=…. */
@Command(name = "restart", description = "Restart one or more containers")
public final class RestartCommand extends BaseCommand {
    @Mixin
    StopTimeout wait;

    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    protected int run() throws IOException {
        Long timeout = wait.seconds();
        Query q = Query.of().addIfPresent("signal", signal);
        if (timeout != null) q.add("t", timeout.toString());
        return EachContainer.apply(containers, out(), err(),
                c -> client().call("POST", "/containers/" + Query.seg(c) + "/restart" + q, Body.NONE).close());
    }
}
