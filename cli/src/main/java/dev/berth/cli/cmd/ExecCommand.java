package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DaemonUnreachableException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.http.StreamDemux;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code exec}: as the docker CLI does it, create the exec, start it on a hijacked connection (output
 * demultiplexed unless {@code -t}, our stdin forwarded with {@code -i} and half-closed at its end), then
 * exit with the exit code the exec's inspect reports. Daemon errors exit 1, as docker's. With {@code -t}
 * the terminal starts at this terminal's size and follows its window changes (SIGWINCH), as
 * {@code berth run -t} does.
 */
@Command(name = "exec", description = "Execute a command in a running container")
public final class ExecCommand extends BaseCommand {
    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
    boolean detach;

    @Option(names = "--detach-keys", description = "Override the key sequence for detaching a container")
    String detachKeys;

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-e", "--env"}, description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", description = "Read in a file of environment variables")
    List<String> envFiles = new ArrayList<>();

    @Option(names = {"-u", "--user"}, description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
    String user = "";

    @Option(names = {"-w", "--workdir"}, description = "Working directory inside the container")
    String workdir = "";

    @Option(names = "--privileged", description = "Give extended privileges to the command")
    boolean privileged;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND")
    List<String> command;

    @Override
    protected int run() throws IOException, InterruptedException {
        DockerClient client = client();
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("User", user);
            body.put("Privileged", privileged);
            body.put("Tty", tty);
            body.put("AttachStdin", interactive && !detach);
            body.put("AttachStdout", !detach);
            body.put("AttachStderr", !detach);
            body.put("Env", environment());
            body.put("WorkingDir", workdir);
            body.put("Cmd", command);
            if (detachKeys != null) body.put("DetachKeys", detachKeys);
            int[] size = tty ? Terminal.size() : null;
            if (size != null) body.put("ConsoleSize", List.of(size[0], size[1]));
            String id = Json.str(client.post("/containers/" + Query.seg(container) + "/exec", body), "Id");
            Map<String, Object> start = new LinkedHashMap<>();
            start.put("Detach", detach);
            start.put("Tty", tty);
            if (size != null) start.put("ConsoleSize", List.of(size[0], size[1]));
            if (detach) {
                client.call("POST", "/exec/" + Query.seg(id) + "/start", Body.json(Json.write(start))).close();
                return 0;
            }
            out().flush();
            try (Terminal term = Terminal.raw(tty && interactive);
                    HttpResponse r = client.hijack("/exec/" + Query.seg(id) + "/start", Body.json(Json.write(start)));
                    Terminal.SizeWatch resizes = Terminal.watchSize(tty, s -> RunCommand.resize(client, "/exec/" + Query.seg(id), s))) {
                if (interactive) {
                    Thread writer = new Thread(() -> forwardStdin(ctx().in(), r), "exec-stdin");
                    writer.setDaemon(true);
                    writer.start();
                }
                try {
                    if (tty) StreamDemux.copyRaw(r.body(), out());
                    else StreamDemux.demux(r.body(), out(), err());
                } catch (IOException closed) {
                    // the exec ended the stream
                }
            }
            out().flush();
            Object inspect = client.get("/exec/" + Query.seg(id) + "/json");
            return (int) Json.num(inspect, "ExitCode");
        } catch (DaemonException e) {
            err().println("Error response from daemon: " + e.getMessage());
            return 1;
        } catch (DaemonUnreachableException e) {
            err().println(e.getMessage());
            return 1;
        }
    }

    private List<String> environment() {
        List<String> out = new ArrayList<>();
        for (String file : envFiles) out.addAll(KeyValueFile.read(file, ctx().env()));
        for (String e : env) out.add(CreateBody.envEntry(e, ctx().env()));
        return out;
    }

    private static void forwardStdin(InputStream in, HttpResponse r) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                r.output().write(buf, 0, n);
                r.output().flush();
            }
            r.closeWrite();
        } catch (IOException closed) {
            // the exec ended first
        }
    }
}
