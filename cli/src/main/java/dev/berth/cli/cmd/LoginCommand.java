package dev.berth.cli.cmd;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code login}: POST /auth checks the credentials; they are then kept in the CLI's config.json, as docker does. */
@Command(name = "login", description = "Authenticate to a registry")
public final class LoginCommand extends BaseCommand {
    @Option(names = {"-u", "--username"}, description = "Username")
    String username;

    @Option(names = {"-p", "--password"}, description = "Password or Personal Access Token (PAT)")
    String password;

    @Option(names = "--password-stdin", description = "Take the Password or Personal Access Token (PAT) from stdin")
    boolean passwordStdin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVER")
    String server;

    @Override
    protected int run() throws IOException {
        if (passwordStdin) {
            if (password != null) throw new UsageException("conflicting options: cannot specify both --password and --password-stdin");
            if (username == null) throw new UsageException("the --password-stdin option requires --username to be set");
            password = new String(ctx().in().readAllBytes(), StandardCharsets.UTF_8).strip();
        } else if (password != null) {
            err().println("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
        }
        if (username == null || password == null) {
            throw new UsageException("Error: Cannot perform an interactive login from a non TTY device");
        }
        String address = server == null || server.isEmpty() ? Credentials.DOCKER_HUB : server;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", username);
        body.put("password", password);
        body.put("serveraddress", address);
        Object r = client().post("/auth", body);
        new Credentials(ctx().env()).store(address, username, password);
        out().println(Json.str(r, "Status").isEmpty() ? "Login Succeeded" : Json.str(r, "Status"));
        return 0;
    }
}
