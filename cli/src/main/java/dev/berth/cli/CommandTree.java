package dev.berth.cli;

import dev.berth.cli.cmd.ContainerInspectCommand;
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
import dev.berth.cli.machine.MachineCommands;
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

    static CommandLine build(CliContext ctx) {
        CommandLine root = new CommandLine(new BerthCommand(ctx));
        root.addSubcommand("run", new RunCommand());
        root.addSubcommand("create", new CreateCommand());
        root.addSubcommand("start", new StartCommand());
        root.addSubcommand("stop", new StopCommand());
        root.addSubcommand("kill", new KillCommand());
        root.addSubcommand("pause", new PauseCommand());
        root.addSubcommand("unpause", new UnpauseCommand());
        root.addSubcommand("top", new TopCommand());
        root.addSubcommand("stats", new StatsCommand());
        root.addSubcommand("update", new UpdateCommand());
        root.addSubcommand("restart", new RestartCommand());
        root.addSubcommand("rm", new RmCommand());
        root.addSubcommand("ps", new PsCommand());
        root.addSubcommand("logs", new LogsCommand());
        root.addSubcommand("inspect", new InspectCommand());
        root.addSubcommand("wait", new WaitCommand());
        root.addSubcommand("rename", new RenameCommand());
        root.addSubcommand("port", new PortCommand());
        root.addSubcommand("images", new ImagesCommand());
        root.addSubcommand("import", new ImportCommand());
        root.addSubcommand("tag", new TagCommand());
        root.addSubcommand("rmi", new RmiCommand());
        root.addSubcommand("events", new EventsCommand());
        root.addSubcommand("version", new VersionCommand());
        root.addSubcommand("info", new InfoCommand());
        root.addSubcommand("pull", new PullCommand());
        root.addSubcommand("push", new PushCommand());
        root.addSubcommand("login", new LoginCommand());
        root.addSubcommand("logout", new LogoutCommand());
        root.addSubcommand("save", new SaveCommand());
        root.addSubcommand("load", new LoadCommand());
        root.addSubcommand("build", new BuildCommand());
        root.addSubcommand("history", new HistoryCommand());
        root.addSubcommand("commit", new CommitCommand());
        root.addSubcommand("exec", new ExecCommand());
        root.addSubcommand("cp", new CpCommand());
        root.addSubcommand("diff", new DiffCommand());
        root.addSubcommand("export", new ExportCommand());

        CommandLine container = new CommandLine(new Group());
        container.getCommandSpec().name("container");
        container.getCommandSpec().usageMessage().description("Manage containers");
        container.addSubcommand("run", new RunCommand());
        container.addSubcommand("create", new CreateCommand());
        container.addSubcommand("start", new StartCommand());
        container.addSubcommand("stop", new StopCommand());
        container.addSubcommand("kill", new KillCommand());
        container.addSubcommand("restart", new RestartCommand());
        container.addSubcommand("rm", new RmCommand(), "remove");
        container.addSubcommand("ls", new PsCommand(), "ps", "list");
        container.addSubcommand("logs", new LogsCommand());
        container.addSubcommand("inspect", new ContainerInspectCommand());
        container.addSubcommand("wait", new WaitCommand());
        container.addSubcommand("rename", new RenameCommand());
        container.addSubcommand("prune", new ContainerPruneCommand());
        container.addSubcommand("port", new PortCommand());
        container.addSubcommand("exec", new ExecCommand());
        container.addSubcommand("cp", new CpCommand());
        container.addSubcommand("diff", new DiffCommand());
        container.addSubcommand("export", new ExportCommand());
        container.addSubcommand("pause", new PauseCommand());
        container.addSubcommand("unpause", new UnpauseCommand());
        container.addSubcommand("top", new TopCommand());
        container.addSubcommand("stats", new StatsCommand());
        container.addSubcommand("update", new UpdateCommand());
        root.addSubcommand("container", container);

        CommandLine image = new CommandLine(new Group());
        image.getCommandSpec().name("image");
        image.getCommandSpec().usageMessage().description("Manage images");
        image.addSubcommand("ls", new ImagesCommand(), "list");
        image.addSubcommand("rm", new RmiCommand(), "remove");
        image.addSubcommand("tag", new TagCommand());
        image.addSubcommand("import", new ImportCommand());
        image.addSubcommand("inspect", new ImageInspectCommand());
        image.addSubcommand("pull", new PullCommand());
        image.addSubcommand("push", new PushCommand());
        image.addSubcommand("save", new SaveCommand());
        image.addSubcommand("load", new LoadCommand());
        image.addSubcommand("build", new BuildCommand());
        image.addSubcommand("history", new HistoryCommand());
        image.addSubcommand("prune", new ImagePruneCommand());
        root.addSubcommand("image", image);

        CommandLine network = new CommandLine(new Group());
        network.getCommandSpec().name("network");
        network.getCommandSpec().usageMessage().description("Manage networks");
        network.addSubcommand("connect", new NetworkConnectCommand());
        network.addSubcommand("create", new NetworkCreateCommand());
        network.addSubcommand("disconnect", new NetworkDisconnectCommand());
        network.addSubcommand("inspect", new NetworkInspectCommand());
        network.addSubcommand("ls", new NetworkLsCommand(), "list");
        network.addSubcommand("prune", new NetworkPruneCommand());
        network.addSubcommand("rm", new NetworkRmCommand(), "remove");
        root.addSubcommand("network", network);

        CommandLine volume = new CommandLine(new Group());
        volume.getCommandSpec().name("volume");
        volume.getCommandSpec().usageMessage().description("Manage volumes");
        volume.addSubcommand("create", new VolumeCreateCommand());
        volume.addSubcommand("inspect", new VolumeInspectCommand());
        volume.addSubcommand("ls", new VolumeLsCommand(), "list");
        volume.addSubcommand("prune", new VolumePruneCommand());
        volume.addSubcommand("rm", new VolumeRmCommand(), "remove");
        root.addSubcommand("volume", volume);

        CommandLine plugin = new CommandLine(new Group());
        plugin.getCommandSpec().name("plugin");
        plugin.getCommandSpec().usageMessage().description("Manage plugins");
        plugin.addSubcommand("ls", new PluginLsCommand(), "list");
        root.addSubcommand("plugin", plugin);

        CommandLine systemGroup = new CommandLine(new Group());
        systemGroup.getCommandSpec().name("system");
        systemGroup.getCommandSpec().usageMessage().description("Manage Docker");
        systemGroup.addSubcommand("df", new SystemDfCommand());
        root.addSubcommand("system", systemGroup);

        CommandLine machine = new CommandLine(new Group());
        machine.getCommandSpec().name("machine");
        machine.getCommandSpec().usageMessage().description("Manage Linux VMs running berthd (QEMU)");
        MachineCommands.addTo(machine);
        root.addSubcommand("machine", machine);

        configure(root, ctx);
        return root;
    }

    private static void configure(CommandLine cl, CliContext ctx) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.parent() != null && spec.findOption("--help") == null) {
            spec.addOption(OptionSpec.builder("--help").usageHelp(true).description("Print usage").build());
        }
        // docker stops parsing flags at IMAGE: everything after it belongs to the container's command
        Object command = cl.getCommand();
        if (command instanceof RunCommand || command instanceof CreateCommand || command instanceof ExecCommand) {
            cl.setStopAtPositional(true);
        }
        cl.setOverwrittenOptionsAllowed(true);
        cl.setOut(new java.io.PrintWriter(ctx.out(), true));
        cl.setErr(new java.io.PrintWriter(ctx.err(), true));
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            String qualified = c.getCommandSpec().qualifiedName().replaceFirst("^berth\\s*", "");
            ctx.err().println((c.getCommandSpec().name().equals("run") ? "berth: " : "") + ex.getMessage());
            ctx.err().println("See 'berth " + qualified + " --help'.");
            return 125;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            ctx.err().println("Error: " + ex.getMessage());
            return 1;
        });
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getParent() == cl) configure(sub, ctx);
        }
    }
}
