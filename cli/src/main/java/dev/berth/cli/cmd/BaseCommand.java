package dev.berth.cli.cmd;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliContextHolder;
import dev.berth.cli.UsageErrors;
import dev.berth.cli.http.DockerClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command's common error handling: {@link Failures}, as the lean path reports them too. */
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    protected CliContext ctx() {
        return CliContextHolder.of(spec);
    }

    protected PrintStream out() {
        return ctx().out();
    }

    protected PrintStream err() {
        return ctx().err();
    }

    protected DockerClient client() {
        return ctx().client();
    }

    /**
     * Docker's confirmation prompt: {@code question} on stdout (its own text, ending in "[y/N] "), one line
     * read from stdin. As docker 28.2, only "y" (any case) is a yes; anything else, or no input, is a no,
     * which the prune commands end quietly with 0.
     */
    protected boolean confirmed(String question) throws IOException {
        out().print(question);
        out().flush();
        String answer = new java.io.BufferedReader(new java.io.InputStreamReader(ctx().in(),
                java.nio.charset.StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }

    /** The command's path without "berth", by the name it was added under ({@code container ls}, not {@code ps}). */
    protected String command() {
        return UsageErrors.path(spec).replaceFirst("^berth ", "");
    }

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (IOException | InterruptedException | RuntimeException e) {
            return Failures.report(e, command(), UsageErrors.useLine(spec), err());
        }
    }

    protected abstract int run() throws IOException, InterruptedException;
}
