package dev.berth.cli.machine;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** The docker CLI's context {@code berth-NAME} pointing at the machine's socket: made on start, removed on rm. */
final class DockerContext {
    private DockerContext() {}

    static void createOrUpdate(Machine m, PrintStream err) throws InterruptedException {
        if (!Commands.onPath("docker")) return;
        String host = "host=unix://" + m.socket();
        try {
            try {
                Commands.output(List.of("docker", "context", "inspect", m.context()));
                Commands.output(List.of("docker", "context", "update", m.context(), "--docker", host));
            } catch (IOException missing) {
                Commands.output(List.of("docker", "context", "create", m.context(), "--description",
                        "Berth machine " + m.name, "--docker", host));
            }
        } catch (IOException e) {
            err.println("warning: could not make the docker context " + m.context() + ": " + e.getMessage());
        }
    }

    static void remove(Machine m, PrintStream err) throws InterruptedException {
        if (!Commands.onPath("docker")) return;
        try {
            Commands.output(List.of("docker", "context", "inspect", m.context()));
        } catch (IOException absent) {
            return;
        }
        try {
            Commands.output(List.of("docker", "context", "rm", "--force", m.context()));
        } catch (IOException e) {
            err.println("warning: could not remove the docker context " + m.context() + ": " + e.getMessage());
        }
    }
}
