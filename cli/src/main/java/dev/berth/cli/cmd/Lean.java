package dev.berth.cli.cmd;

import dev.berth.cli.CliContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The lean path of the hot commands ({@code ps}, {@code inspect}, {@code run}): their flags read by
 * {@link LeanLine} instead of picocli, whose model of even one command costs most of a short
 * command's start-up. They run the very code the picocli commands run ({@link PsRequest},
 * {@link InspectRequest}, {@link RunCommand#run(CliContext, CreateOptions, boolean)}) and report
 * failures through {@link Failures}, so the output is the same; a line they do not read exactly
 * goes to the full tree.
 */
public final class Lean {
    /** What {@link #run} answers for a line it leaves to the full tree. */
    public static final int NOT_MINE = Integer.MIN_VALUE;

    private static final Map<String, String> PS_BOOLEANS = Map.of("-a", "all", "--all", "all", "-q", "quiet",
            "--quiet", "quiet", "-l", "latest", "--latest", "latest", "-s", "size", "--size", "size",
            "--no-trunc", "noTrunc");
    private static final Map<String, String> PS_VALUED = Map.of("-n", "last", "--last", "last", "-f", "filter",
            "--filter", "filter", "--format", "format", "--at", "at");
    private static final Map<String, String> INSPECT_BOOLEANS = Map.of("-s", "size", "--size", "size");
    private static final Map<String, String> INSPECT_VALUED = Map.of("-f", "format", "--format", "format",
            "--type", "type", "--at", "at");
    private static final Map<String, String> RUN_BOOLEANS = Map.of("--rm", "rm", "-d", "detach", "--detach", "detach",
            "-i", "interactive", "--interactive", "interactive", "-t", "tty", "--tty", "tty", "--init", "init");
    private static final Map<String, String> RUN_VALUED = Map.of("--name", "name", "--network", "network",
            "--net", "network", "-e", "env", "--env", "env", "-w", "workdir", "--workdir", "workdir",
            "-u", "user", "--user", "user", "--pull", "pull");

    private Lean() {}

    /**
     * Runs {@code args} from {@code at} (the command's name) when it is a hot command whose flags
     * the lean path reads exactly; otherwise {@link #NOT_MINE}.
     */
    public static int run(String[] args, int at, CliContext ctx) {
        String name = args[at];
        String sub = at + 1 < args.length ? args[at + 1] : "";
        if (name.equals("container")) {
            return switch (sub) {
                case "ls", "ps", "list" -> ps(args, at + 2, "container ls", ctx);
                case "inspect" -> inspect(args, at + 2, "container inspect", "container", ctx);
                case "run" -> run(args, at + 2, "container run", ctx);
                default -> NOT_MINE;
            };
        }
        if (name.equals("image") && sub.equals("inspect")) return inspect(args, at + 2, "image inspect", "image", ctx);
        return switch (name) {
            case "ps" -> ps(args, at + 1, "ps", ctx);
            case "inspect" -> inspect(args, at + 1, "inspect", null, ctx);
            case "run" -> run(args, at + 1, "run", ctx);
            default -> NOT_MINE;
        };
    }

    private static int ps(String[] args, int from, String command, CliContext ctx) {
        LeanLine line = LeanLine.parse(args, from, PS_BOOLEANS, PS_VALUED, false);
        if (line == null || !line.positionals().isEmpty()) return NOT_MINE;
        long last = -1;
        String n = line.last("last");
        if (n != null) {
            // docker reads 010 as octal (Go's base-0 ParseInt, as the tree does): those go to the tree
            if (n.length() > 1 && n.charAt(n.charAt(0) == '-' || n.charAt(0) == '+' ? 1 : 0) == '0') return NOT_MINE;
            try {
                last = Long.parseLong(n);
            } catch (NumberFormatException e) {
                return NOT_MINE;  // picocli words the refusal
            }
        }
        PsRequest request = new PsRequest(line.has("all"), line.has("quiet"), last, line.has("latest"),
                line.has("size"), line.has("noTrunc"), line.all("filter"), line.last("format"), line.last("at"));
        try {
            return request.run(ctx);
        } catch (IOException | RuntimeException e) {
            return report(e, command, ctx);
        }
    }

    private static int inspect(String[] args, int from, String command, String fixedType, CliContext ctx) {
        LeanLine line = LeanLine.parse(args, from, INSPECT_BOOLEANS, INSPECT_VALUED, false);
        if (line == null || line.positionals().isEmpty()) return NOT_MINE;
        String type = fixedType != null ? fixedType : line.last("type");
        InspectRequest request = new InspectRequest(type, line.last("format"), line.has("size"), line.last("at"),
                line.positionals());
        try {
            return request.run(ctx);
        } catch (IOException | RuntimeException e) {
            return report(e, command, ctx);
        }
    }

    private static int run(String[] args, int from, String command, CliContext ctx) {
        LeanLine line = LeanLine.parse(args, from, RUN_BOOLEANS, RUN_VALUED, true);
        if (line == null || line.positionals().isEmpty()) return NOT_MINE;
        CreateOptions o = new CreateOptions();
        o.autoRemove = line.has("rm");
        o.interactive = line.has("interactive");
        o.tty = line.has("tty");
        o.init = line.has("init");
        o.name = line.last("name");
        o.workdir = line.last("workdir");
        o.user = line.last("user");
        if (line.has("pull")) o.pull = line.last("pull");
        o.networks.addAll(line.all("network"));
        o.env.addAll(line.all("env"));
        List<String> positionals = line.positionals();
        o.image = positionals.get(0);
        o.command.addAll(positionals.subList(1, positionals.size()));
        try {
            return RunCommand.run(ctx, o, line.has("detach"), command);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return report(e, command, ctx);
        }
    }

    /** docker's usage line for the lean path's commands, as {@code UsageErrors} derives it for the tree. */
    private static String useLine(String command) {
        return "berth " + command + switch (command) {
            case "inspect" -> " [OPTIONS] NAME|ID [NAME|ID...]";
            case "container inspect" -> " [OPTIONS] CONTAINER [CONTAINER...]";
            case "image inspect" -> " [OPTIONS] IMAGE [IMAGE...]";
            case "run", "container run" -> " " + RunCommand.USE;
            default -> " [OPTIONS]";
        };
    }

    /** As the full tree reports a failure: {@link Failures}, and what it rethrows as picocli's handler prints it. */
    private static int report(Exception e, String command, CliContext ctx) {
        try {
            return Failures.report(e, command, useLine(command), ctx.err());
        } catch (RuntimeException unexpected) {
            ctx.err().println("Error: " + unexpected.getMessage());
            return 1;
        }
    }
}
