package dev.berth.cli;

import dev.berth.cli.cmd.AttachCommand;
import dev.berth.cli.cmd.BuilderPruneCommand;
import dev.berth.cli.cmd.ContainerInspectCommand;
import dev.berth.cli.cmd.ContextInspectCommand;
import dev.berth.cli.cmd.ContextLsCommand;
import dev.berth.cli.cmd.ContextShowCommand;
import dev.berth.cli.cmd.SearchCommand;
import dev.berth.cli.cmd.SystemPruneCommand;
import dev.berth.cli.cmd.ContainerPruneCommand;
import dev.berth.cli.cmd.CreateCommand;
import dev.berth.cli.cmd.EventsCommand;
import dev.berth.cli.cmd.ImageInspectCommand;
import dev.berth.cli.cmd.ImagesCommand;
import dev.berth.cli.cmd.ImportCommand;
import dev.berth.cli.cmd.InfoCommand;
import dev.berth.cli.cmd.InspectCommand;
import dev.berth.cli.cmd.ExecCommand;
import dev.berth.cli.cmd.KillCommand;
import dev.berth.cli.cmd.LogsCommand;
import dev.berth.cli.cmd.NetworkConnectCommand;
import dev.berth.cli.cmd.NetworkCreateCommand;
import dev.berth.cli.cmd.NetworkDisconnectCommand;
import dev.berth.cli.cmd.NetworkInspectCommand;
import dev.berth.cli.cmd.NetworkLsCommand;
import dev.berth.cli.cmd.NetworkPruneCommand;
import dev.berth.cli.cmd.NetworkRmCommand;
import dev.berth.cli.cmd.PauseCommand;
import dev.berth.cli.cmd.PluginLsCommand;
import dev.berth.cli.cmd.VolumeCreateCommand;
import dev.berth.cli.cmd.VolumeInspectCommand;
import dev.berth.cli.cmd.VolumeLsCommand;
import dev.berth.cli.cmd.VolumePruneCommand;
import dev.berth.cli.cmd.VolumeRmCommand;
import dev.berth.cli.cmd.PortCommand;
import dev.berth.cli.cmd.PsCommand;
import dev.berth.cli.cmd.RenameCommand;
import dev.berth.cli.cmd.RestartCommand;
import dev.berth.cli.cmd.RmCommand;
import dev.berth.cli.cmd.RmiCommand;
import dev.berth.cli.cmd.RunCommand;
import dev.berth.cli.cmd.StartCommand;
import dev.berth.cli.cmd.StatsCommand;
import dev.berth.cli.cmd.StopCommand;
import dev.berth.cli.cmd.TagCommand;
import dev.berth.cli.cmd.TopCommand;
import dev.berth.cli.cmd.UnpauseCommand;
import dev.berth.cli.cmd.UpdateCommand;
import dev.berth.cli.cmd.VersionCommand;
import dev.berth.cli.cmd.WaitCommand;
import dev.berth.cli.cmd.BuildCommand;
import dev.berth.cli.cmd.CommitCommand;
import dev.berth.cli.cmd.CpCommand;
import dev.berth.cli.cmd.DiffCommand;
import dev.berth.cli.cmd.ExportCommand;
import dev.berth.cli.cmd.HistoryCommand;
import dev.berth.cli.cmd.ImagePruneCommand;
import dev.berth.cli.cmd.LoadCommand;
import dev.berth.cli.cmd.LoginCommand;
import dev.berth.cli.cmd.LogoutCommand;
import dev.berth.cli.cmd.PullCommand;
import dev.berth.cli.cmd.PushCommand;
import dev.berth.cli.cmd.SaveCommand;
import dev.berth.cli.cmd.SystemDfCommand;
import dev.berth.cli.cmd.SystemHistoryCommand;
import dev.berth.cli.machine.MachineCommands;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/** Assembles the command tree: top-level commands and the {@code container}/{@code image}/{@code network}/{@code volume} groups. */
final class CommandTree {
    private CommandTree() {}

    /** {@code berth container} and {@code berth image} without a subcommand print their usage. */
    @Command(name = "group")
    static final class Group implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(CliContextHolder.of(spec).out());
            return 0;
        }
    }

    /** Top-level commands, in the order {@code berth --help} lists them. */
    private static final List<String> TOP = List.of("run", "create", "start", "stop", "kill", "pause", "unpause",
            "top", "stats", "update", "restart", "rm", "ps", "logs", "inspect", "wait", "rename", "port", "images",
            "import", "tag", "rmi", "events", "version", "info", "pull", "push", "login", "logout", "save", "load",
            "build", "history", "commit", "exec", "cp", "diff", "export", "attach", "search");

    /** The groups: name, description, then each subcommand as "name|alias|alias". */
    private static final List<List<String>> GROUPS = List.of(
            List.of("container", "Manage containers", "run", "create", "start", "stop", "kill", "restart",
                    "rm|remove", "ls|ps|list", "logs", "inspect", "wait", "rename", "prune", "port", "exec", "cp",
                    "diff", "export", "pause", "unpause", "top", "stats", "update", "attach", "commit"),
            List.of("image", "Manage images", "ls|list", "rm|remove", "tag", "import", "inspect", "pull", "push",
                    "save", "load", "build", "history", "prune"),
            List.of("network", "Manage networks", "connect", "create", "disconnect", "inspect", "ls|list", "prune",
                    "rm|remove"),
            List.of("volume", "Manage volumes", "create", "inspect", "ls|list", "prune", "rm|remove"),
            List.of("plugin", "Manage plugins", "ls|list"),
            List.of("system", "Manage Docker", "df", "events", "info", "prune", "history"),
            List.of("builder", "Manage builds", "build", "prune"),
            List.of("context", "Manage contexts", "inspect", "ls|list", "show"));

    /** Global options that take a value as the next argument. */
    private static final Set<String> VALUED = Set.of("-H", "--host", "-l", "--log-level", "--config", "-c",
            "--context", "--tlscacert", "--tlscert", "--tlskey");
    private static final Set<String> FLAGS = Set.of("-D", "--debug", "-v", "--version", "-h", "--help");

    /**
     * The tree for one command line. picocli builds a command's model by reflecting over every option
     * it declares, which for all ~90 commands took most of a {@code berth ps}'s CPU time; a command
     * line that names its command (after known global options) gets only that command, and anything
     * else (no command, an unknown name, usage) gets the whole tree, so help and errors are unchanged.
     */
    static CommandLine build(CliContext ctx, String[] args) {
        CommandLine root = new CommandLine(new BerthCommand(ctx));
        int at = commandIndex(args);
        String name = at < 0 ? null : args[at];
        if (name != null && TOP.contains(name)) {
            root.addSubcommand(name, topLevel(name));
        } else if ("machine".equals(name)) {
            root.addSubcommand(name, machine());
        } else if (name != null && group(name) != null) {
            root.addSubcommand(name, group(group(name), at + 1 < args.length ? args[at + 1] : null));
        } else {
            for (String top : TOP) {
                root.addSubcommand(top, topLevel(top));
            }
            for (List<String> group : GROUPS) {
                root.addSubcommand(group.get(0), group(group, null));
            }
            root.addSubcommand("machine", machine());
        }
        configure(root, ctx);
        return root;
    }

    /** {@code berth machine …}: its own group, made by the machine package. */
    private static CommandLine machine() {
        CommandLine machine = new CommandLine(new Group());
        machine.getCommandSpec().name("machine");
        machine.getCommandSpec().usageMessage().description("Manage Linux VMs running berthd (QEMU)");
        MachineCommands.addTo(machine);
        return machine;
    }

    /** The whole tree, as {@code berth --help} shows it. */
    static CommandLine build(CliContext ctx) {
        return build(ctx, new String[0]);
    }

    /** Where the command's name is, past the global options; -1 when the line has none we can be sure of. */
    static int commandIndex(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                return i;
            }
            if (VALUED.contains(arg)) {
                i++;
            } else if (!FLAGS.contains(arg) && !attachedValue(arg)) {
                return -1;
            }
        }
        return -1;
    }

    /** --host=unix://… or -Hunix://…: a valued option and its value in one argument. */
    private static boolean attachedValue(String arg) {
        int eq = arg.indexOf('=');
        if (arg.startsWith("--")) {
            return eq > 0 && VALUED.contains(arg.substring(0, eq));
        }
        return arg.length() > 2 && VALUED.contains(arg.substring(0, 2));
    }

    private static List<String> group(String name) {
        for (List<String> group : GROUPS) {
            if (group.get(0).equals(name)) {
                return group;
            }
        }
        return null;
    }

    /** A group with the one subcommand {@code wanted} names (by name or alias), or with all of them. */
    private static CommandLine group(List<String> group, String wanted) {
        CommandLine cl = new CommandLine(new Group());
        cl.getCommandSpec().name(group.get(0));
        cl.getCommandSpec().usageMessage().description(group.get(1));
        List<String> subs = group.subList(2, group.size());
        boolean known = false;
        for (String sub : subs) {
            known |= wanted != null && List.of(sub.split("\\|")).contains(wanted);
        }
        for (String sub : subs) {
            String[] names = sub.split("\\|");
            if (!known || Arrays.asList(names).contains(wanted)) {
                cl.addSubcommand(names[0], inGroup(group.get(0), names[0]),
                        Arrays.copyOfRange(names, 1, names.length));
            }
        }
        return cl;
    }

    /** A switch rather than a table of constructor references: only the command run gets loaded. */
    private static Object topLevel(String name) {
        return switch (name) {
            case "run" -> new RunCommand();
            case "create" -> new CreateCommand();
            case "start" -> new StartCommand();
            case "stop" -> new StopCommand();
            case "kill" -> new KillCommand();
            case "pause" -> new PauseCommand();
            case "unpause" -> new UnpauseCommand();
            case "top" -> new TopCommand();
            case "stats" -> new StatsCommand();
            case "update" -> new UpdateCommand();
            case "restart" -> new RestartCommand();
            case "rm" -> new RmCommand();
            case "ps" -> new PsCommand();
            case "logs" -> new LogsCommand();
            case "inspect" -> new InspectCommand();
            case "wait" -> new WaitCommand();
            case "rename" -> new RenameCommand();
            case "port" -> new PortCommand();
            case "images" -> new ImagesCommand();
            case "import" -> new ImportCommand();
            case "tag" -> new TagCommand();
            case "rmi" -> new RmiCommand();
            case "events" -> new EventsCommand();
            case "version" -> new VersionCommand();
            case "info" -> new InfoCommand();
            case "pull" -> new PullCommand();
            case "push" -> new PushCommand();
            case "login" -> new LoginCommand();
            case "logout" -> new LogoutCommand();
            case "save" -> new SaveCommand();
            case "load" -> new LoadCommand();
            case "build" -> new BuildCommand();
            case "history" -> new HistoryCommand();
            case "commit" -> new CommitCommand();
            case "exec" -> new ExecCommand();
            case "cp" -> new CpCommand();
            case "diff" -> new DiffCommand();
            case "export" -> new ExportCommand();
            case "attach" -> new AttachCommand();
            case "search" -> new SearchCommand();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Object inGroup(String group, String name) {
        return switch (group + " " + name) {
            case "container ls" -> new PsCommand();
            case "container inspect" -> new ContainerInspectCommand();
            case "container prune" -> new ContainerPruneCommand();
            case "image ls" -> new ImagesCommand();
            case "image rm" -> new RmiCommand();
            case "image inspect" -> new ImageInspectCommand();
            case "image prune" -> new ImagePruneCommand();
            case "network connect" -> new NetworkConnectCommand();
            case "network create" -> new NetworkCreateCommand();
            case "network disconnect" -> new NetworkDisconnectCommand();
            case "network inspect" -> new NetworkInspectCommand();
            case "network ls" -> new NetworkLsCommand();
            case "network prune" -> new NetworkPruneCommand();
            case "network rm" -> new NetworkRmCommand();
            case "volume create" -> new VolumeCreateCommand();
            case "volume inspect" -> new VolumeInspectCommand();
            case "volume ls" -> new VolumeLsCommand();
            case "volume prune" -> new VolumePruneCommand();
            case "volume rm" -> new VolumeRmCommand();
            case "plugin ls" -> new PluginLsCommand();
            case "system df" -> new SystemDfCommand();
            case "system history" -> new SystemHistoryCommand();
            case "system prune" -> new SystemPruneCommand();
            case "builder prune" -> new BuilderPruneCommand();
            case "context inspect" -> new ContextInspectCommand();
            case "context ls" -> new ContextLsCommand();
            case "context show" -> new ContextShowCommand();
            default -> topLevel(name);
        };
    }

    private static void configure(CommandLine cl, CliContext ctx) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.parent() != null && spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("--help").usageHelp(true).description("Print usage").build());
        }
        // docker stops parsing flags at IMAGE: everything after it belongs to the container's command
        Object command = cl.getCommand();
        boolean stopAtPositional = command instanceof RunCommand || command instanceof CreateCommand
                || command instanceof ExecCommand;
        if (stopAtPositional) cl.setStopAtPositional(true);
        // --all= and -a= are refused, as docker's flag parser does (picocli would read them as false)
        spec.preprocessor(new EmptyBooleans(stopAtPositional));
        cl.setOverwrittenOptionsAllowed(true);
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        // docker's flag parser takes the next argument as a flag's value even when it starts with '-'
        cl.setAllowOptionsAsOptionParameters(true);
        // and reads integers as Go's ParseInt(s, 0, 64) does: 0x10, 0o17, 010, 1_000
        cl.registerConverter(Integer.class, s -> (int) GoInts.parse(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(int.class, s -> (int) GoInts.parse(s, Integer.MIN_VALUE, Integer.MAX_VALUE));
        cl.registerConverter(Long.class, s -> GoInts.parse(s, Long.MIN_VALUE, Long.MAX_VALUE));
        cl.registerConverter(long.class, s -> GoInts.parse(s, Long.MIN_VALUE, Long.MAX_VALUE));
        // booleans as Go's ParseBool: 1 t T TRUE true True, 0 f F FALSE false False
        cl.registerConverter(Boolean.class, GoInts::parseBool);
        cl.registerConverter(boolean.class, GoInts::parseBool);
        cl.setParameterExceptionHandler((ex, args) -> UsageErrors.report(ex, args, ctx.err()));
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            ctx.err().println("Error: " + ex.getMessage());
            return 1;
        });
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getParent() == cl) configure(sub, ctx);
        }
    }
}
