package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The berthd the client ITs talk to: started by {@link BerthdProcess} and listening also on the
 * {@code DOCKER_HOST} this JVM was given (failsafe sets it, as a user's shell would), so the client
 * libraries find it through their own environment lookup and nothing else. Lives in
 * {@code dev.berth.daemon} because {@link BerthdProcess} is package-private there.
 */
final class ClientsDaemon {

    private ClientsDaemon() {
    }

    /** The unix socket named by DOCKER_HOST; fails (never skips) when the JVM was started without one. */
    static Path socketFromEnvironment() {
        String host = System.getenv("DOCKER_HOST");
        assertThat(host).as("DOCKER_HOST (clients-it's failsafe configuration sets it)").startsWith("unix:///");
        Path socket = Path.of(host.substring("unix://".length()));
        assertThat(socket.toString().length()).as("%s must fit a unix socket address (sun_path)", socket).isLessThan(104);
        return socket;
    }

    /** A berthd on fresh roots, also on DOCKER_HOST, with the tests' busybox image imported as {@code busybox}. */
    static BerthdProcess start() throws IOException {
        BerthdProcess.requireEnvironment();
        Path tar = BerthdProcess.busyboxTar();
        Path socket = socketFromEnvironment();
        Files.createDirectories(socket.getParent());
        BerthdProcess d = BerthdProcess.startAlsoOn("unix://" + socket);
        ok(d.docker("import", "--change", "CMD [\"sh\"]", tar.toString(), "busybox"));
        return d;
    }

    static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
