package dev.berth.cli.cmd;

import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code network disconnect}: POST /networks/{id}/disconnect {Container, Force}. */
@Command(name = "disconnect", description = "Disconnect a container from a network")
public final class NetworkDisconnectCommand extends BaseCommand {
    @Option(names = {"-f", "--force"}, description = "Force the container to disconnect from a network")
    boolean force;

    @Parameters(index = "0", paramLabel = "NETWORK")
    String network;

    @Parameters(index = "1", paramLabel = "CONTAINER")
    String container;

    @Override
    protected int run() throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Container", container);
        body.put("Force", force);
        client().post("/networks/" + Query.seg(network) + "/disconnect", body);
        return 0;
    }
}
