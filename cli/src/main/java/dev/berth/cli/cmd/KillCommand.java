package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kill}: POST /containers/{id}/kill?signal=…. */
@Command(name = "kill", description = "Kill one or more running containers")
public final class KillCommand extends BaseCommand {
    @Option(names = {"-s", "--signal"}, description = "Signal to send to the container")
    String signal;

    @Parameters(arity = "1..*", paramLabel = "CONTAINER")
    List<String> containers;

    @Override
    protected int run() throws IOException {
        Query q = Query.of().addIfPresent("signal", signal);
        return EachContainer.apply(containers, out(), err(),
                c -> client().call("POST", "/containers/" + Query.seg(c) + "/kill" + q, Body.NONE).close());
    }
}
