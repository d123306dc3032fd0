package dev.berth.cli.cmd;

import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DaemonUnreachableException;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code create}: POST /containers/create (pulling on 404), prints the new id; exit codes as docker create. */
@Command(name = "create", description = "Create a new container")
public final class CreateCommand extends BaseCommand {
    @Mixin
    CreateOptions o;

    @Override
    protected int run() throws IOException {
        try {
            Map<String, Object> body = CreateBody.of(o, true, ctx().env());
            byte[] apiConfig = ApiSocket.apply(ctx(), o, body);
            String id = ContainerCreator.create(client(), o, body, err(), ctx().env());
            ApiSocket.inject(client(), id, apiConfig);
            out().println(id);
            return 0;
        } catch (DaemonException e) {
            // docker create exits 1 for the daemon's errors (run: 125)
            err().println("Error response from daemon: " + e.getMessage());
            return 1;
        } catch (DaemonUnreachableException | ApiSocket.Injection e) {
            err().println(e.getMessage());
            return 1;
        } catch (UsageException | IllegalArgumentException e) {
            if (e instanceof UsageException u && u.flagError()) {
                return Failures.flagError(e.getMessage(), command(), "berth " + command() + " " + RunCommand.USE, err());
            }
            // docker create's other refusals: as run's, naming create
            err().println("berth: " + e.getMessage());
            err().println();
            err().println("Run 'berth create --help' for more information");
            return 125;
        }
    }
}
