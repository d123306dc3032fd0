package dev.berth.cli.cmd;

import dev.berth.cli.CliContext;
import dev.berth.cli.CliContextHolder;
import dev.berth.cli.format.TemplateException;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.DaemonUnreachableException;
import dev.berth.cli.http.DockerClient;
import dev.berth.cli.json.JsonException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command's common error handling, worded and coded like docker's: a daemon error prints
 * {@code Error response from daemon: …} and exits 1; a bad flag value exits 125.
 */
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

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (DaemonException e) {
            err().println("Error response from daemon: " + e.getMessage());
            return 1;
        } catch (UsageException e) {
            err().println(e.getMessage());
            err().println("See 'berth " + spec.qualifiedName().replaceFirst("^berth ", "") + " --help'.");
            return 125;
        } catch (DaemonUnreachableException e) {
            err().println(e.getMessage());
            return 1;
        } catch (TemplateException e) {
            err().println(e.getMessage());
            return 1;
        } catch (IOException | JsonException | IllegalArgumentException e) {
            err().println("Error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    protected abstract int run() throws IOException, InterruptedException;
}
