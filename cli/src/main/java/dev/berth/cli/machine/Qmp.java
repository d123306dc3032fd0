package dev.berth.cli.machine;

import dev.berth.cli.json.Json;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** A QEMU Machine Protocol client on the machine's qmp.sock: one command at a time. */
final class Qmp implements Closeable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    private Qmp(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        this.out = Channels.newOutputStream(channel);
        in.readLine(); // the greeting
        execute("qmp_capabilities", null);
    }

    static Qmp connect(Path socket) throws IOException {
        return new Qmp(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    /** Runs a command; its "return", or an IOException with QEMU's error description. */
    synchronized Object execute(String command, Map<String, Object> arguments) throws IOException {
        Map<String, Object> req = Json.object();
        req.put("execute", command);
        if (arguments != null) req.put("arguments", arguments);
        out.write((Json.write(req) + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            String line = in.readLine();
            if (line == null) throw new IOException("QEMU closed its monitor");
            Object reply = Json.parse(line);
            if (Json.path(reply, "event") != null) continue;
            if (Json.path(reply, "error") != null) throw new IOException(Json.str(reply, "error", "desc"));
            return Json.path(reply, "return");
        }
    }

    /** An HMP command (hostfwd_add has no QMP form); HMP reports failure as text, returned here. */
    String human(String commandLine) throws IOException {
        Map<String, Object> args = Json.object();
        args.put("command-line", commandLine);
        Object r = execute("human-monitor-command", args);
        return r == null ? "" : r.toString().strip();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
