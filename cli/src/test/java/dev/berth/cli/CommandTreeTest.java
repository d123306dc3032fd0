package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.cmd.ContainerInspectCommand;
import dev.berth.cli.cmd.ImagesCommand;
import dev.berth.cli.cmd.PsCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandTreeTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]), Map.of());

    @Test
    void commandIndex_skipsGlobalOptionsAndTheirValues() {
        assertThat(CommandTree.commandIndex(new String[] {"ps", "-a"})).isZero();
        assertThat(CommandTree.commandIndex(new String[] {"-H", "unix:///x.sock", "-D", "ps"})).isEqualTo(3);
        assertThat(CommandTree.commandIndex(new String[] {"--host=unix:///x.sock", "-Htcp://h:1", "ps"}))
                .isEqualTo(2);
        assertThat(CommandTree.commandIndex(new String[] {"--no-such-flag", "ps"})).isEqualTo(-1);
        assertThat(CommandTree.commandIndex(new String[] {"-H"})).isEqualTo(-1);
    }

    @Test
    void namedCommand_getsOnlyThatCommand() {
        CommandLine root = CommandTree.build(ctx, new String[] {"-H", "unix:///x.sock", "ps", "-a"});
        assertThat(root.getSubcommands()).containsOnlyKeys("ps");
        assertThat((Object) root.getSubcommands().get("ps").getCommand()).isInstanceOf(PsCommand.class);
    }

    @Test
    void groupAlias_getsThatSubcommandUnderAllItsNames() {
        CommandLine root = CommandTree.build(ctx, new String[] {"container", "list"});
        CommandLine container = root.getSubcommands().get("container");
        assertThat(container.getSubcommands()).containsOnlyKeys("ls", "ps", "list");
        assertThat((Object) container.getSubcommands().get("list").getCommand()).isInstanceOf(PsCommand.class);
        assertThat((Object) CommandTree.build(ctx, new String[] {"image", "ls"}).getSubcommands().get("image")
                .getSubcommands().get("ls").getCommand()).isInstanceOf(ImagesCommand.class);
        assertThat((Object) CommandTree.build(ctx, new String[] {"container", "inspect"}).getSubcommands()
                .get("container").getSubcommands().get("inspect").getCommand())
                .isInstanceOf(ContainerInspectCommand.class);
    }

    @Test
    void usage_listsEveryCommandAndGroup() {
        assertThat(Main.run(new String[] {"--help"}, ctx)).isZero();
        String usage = out.toString(StandardCharsets.UTF_8);
        for (String name : new String[] {"run", "ps", "inspect", "export", "container", "image", "network",
            "volume", "plugin", "system", "attach", "search", "builder", "context"}) {
            assertThat(usage).containsPattern("(?m)^  " + name + " ");
        }
    }

    @Test
    void unknownGroupSubcommand_isRefusedWithTheGroupsUsage() {
        assertThat(Main.run(new String[] {"container", "lss"}, ctx)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("berth: unknown command: berth container lss\n\n"
                + "Usage:  berth container\n\nRun 'berth container --help' for more information\n");
    }

    @Test
    void unknownCommand_isRefusedAsDockerRefusesIt() {
        assertThat(Main.run(new String[] {"pss"}, ctx)).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("berth: unknown command: berth pss\n\nRun 'berth --help' for more information\n");
    }
}
