package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stop}: POST /containers/{id}/stop?t=…&signal=…. */
@Command(name = "stop", description = "Stop one or more running containers")
public final class StopCommand extends BaseCommand {
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
                c -> client().call("POST", "/containers/" + Query.seg(c) + "/stop" + q, Body.NONE).close());
    }
}
