package dev.berth.cli.machine;

import dev.berth.cli.cmd.BaseCommand;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth machine init|start|stop|rm|ls|inspect|ssh}: a Linux VM under QEMU running berthd. */
public final class MachineCommands {
    private MachineCommands() {}

    /** Adds the subcommands to the {@code machine} group. */
    public static void addTo(CommandLine group) {
        group.addSubcommand("init", new Init());
        group.addSubcommand("start", new Start());
        group.addSubcommand("stop", new Stop());
        group.addSubcommand("rm", new Rm(), "remove");
        group.addSubcommand("ls", new Ls(), "list");
        group.addSubcommand("inspect", new Inspect());
        group.addSubcommand("ssh", new Ssh());
    }

    abstract static class MachineBase extends BaseCommand {
        MachineHome home() {
            return MachineHome.from(ctx().env());
        }
    }

    @Command(name = "init", description = "Make a new machine (builds the base image from Debian packages once)")
    static final class Init extends MachineBase {
        @Parameters(arity = "0..1", paramLabel = "NAME") String name = MachineHome.DEFAULT_NAME;
        @Option(names = "--cpus", description = "Virtual CPUs (default 2)") int cpus = 2;
        @Option(names = "--memory", description = "Memory in MiB (default 2048)") int memory = 2048;
        @Option(names = "--disk-size", description = "Disk size in GiB (default 20)") int disk = 20;
        @Option(names = {"-v", "--volume"}, description = "Share HOST[:GUEST] into the machine (9p; GUEST defaults to HOST)")
        List<String> volumes = new ArrayList<>();

        @Override
        protected int run() throws IOException, InterruptedException {
            MachineHome home = home();
            Machine m = new Machine(home, name);
            if (m.exists() || Files.exists(m.dir)) throw new IOException("machine \"" + name + "\" already exists");
            List<MachineConfig.Volume> vs = new ArrayList<>();
            for (String v : volumes) {
                MachineConfig.Volume vol = MachineConfig.Volume.parse(v);
                if (!Files.isDirectory(Path.of(vol.host()))) throw new IOException("--volume " + v + ": " + vol.host() + " is not a directory");
                vs.add(vol);
            }
            String key = MachineImage.key(home);
            MachineConfig cfg = new MachineConfig(name, cpus, memory, disk, vs, key, Instant.now().toString());
            long total = HostResources.availableMiB();
            if (total >= 0 && memory > total) HostResources.checkMemory(memory);
            HostResources.checkDisk(home.base(), disk);
            MachineImage.ensure(home, key, out());
            // made under a temporary name and renamed: a failed init leaves no machine behind
            Path partial = home.base().resolve("." + name + ".partial");
            deleteTree(partial);
            Files.createDirectories(partial);
            try {
                Commands.output(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2",
                        "-b", home.cache().resolve(key).resolve(MachineImage.DISK).toString(),
                        partial.resolve(Machine.DISK).toString(), disk + "G"));
                MachineImage.berthDisk(home, partial.resolve(Machine.BERTH_DISK));
                Commands.output(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "berth-machine-" + name,
                        "-f", partial.resolve(Machine.KEY).toString()));
                cfg.write(partial);
                Files.move(partial, m.dir);
            } catch (IOException | RuntimeException e) {
                deleteTree(partial);
                throw e;
            }
            out().println("Machine \"" + name + "\" created; start it with: berth machine start"
                    + (name.equals(MachineHome.DEFAULT_NAME) ? "" : " " + name));
            return 0;
        }
    }

    @Command(name = "start", description = "Boot a machine and forward its API to a socket on this host")
    static final class Start extends MachineBase {
        @Parameters(arity = "0..1", paramLabel = "NAME") String name = MachineHome.DEFAULT_NAME;

        @Override
        protected int run() throws IOException, InterruptedException {
            Lifecycle.start(Machine.existing(home(), name), out(), err());
            return 0;
        }
    }

    @Command(name = "stop", description = "Shut a machine down cleanly (berthd stops, then the guest powers off)")
    static final class Stop extends MachineBase {
        @Parameters(arity = "0..1", paramLabel = "NAME") String name = MachineHome.DEFAULT_NAME;

        @Override
        protected int run() throws IOException, InterruptedException {
            Lifecycle.stop(Machine.existing(home(), name), out());
            return 0;
        }
    }

    @Command(name = "rm", description = "Remove a machine: its disk and its docker context")
    static final class Rm extends MachineBase {
        @Parameters(arity = "0..1", paramLabel = "NAME") String name = MachineHome.DEFAULT_NAME;
        @Option(names = {"-f", "--force"}, description = "Stop it first if it runs") boolean force;

        @Override
        protected int run() throws IOException, InterruptedException {
            Machine m = Machine.existing(home(), name);
            if (m.qemu().isPresent()) {
                if (!force) throw new IOException("machine \"" + name + "\" is running: stop it first, or use --force");
                Lifecycle.kill(m);
            }
            DockerContext.remove(m, err());
            deleteTree(m.dir);
            out().println(name);
            return 0;
        }
    }

    @Command(name = "ls", description = "List machines")
    static final class Ls extends MachineBase {
        @Option(names = {"-q", "--quiet"}, description = "Only names") boolean quiet;

        @Override
        protected int run() throws IOException {
            MachineHome home = home();
            if (!quiet) out().printf("%-16s %-10s %-5s %-8s %-6s %s%n", "NAME", "STATUS", "CPUS", "MEMORY", "DISK", "SOCKET");
            for (String n : home.names()) {
                if (quiet) {
                    out().println(n);
                    continue;
                }
                Machine m = new Machine(home, n);
                MachineConfig c = m.config();
                out().printf("%-16s %-10s %-5d %-8s %-6s %s%n", n, m.status(), c.cpus(), c.memoryMiB() + "MiB",
                        c.diskGiB() + "GiB", m.socket());
            }
            return 0;
        }
    }

    @Command(name = "inspect", description = "Show machines' settings and state as JSON")
    static final class Inspect extends MachineBase {
        @Parameters(arity = "0..*", paramLabel = "NAME") List<String> names = new ArrayList<>();

        @Override
        protected int run() throws IOException {
            if (names.isEmpty()) names.add(MachineHome.DEFAULT_NAME);
            List<Object> all = Json.array();
            for (String n : names) all.add(MachineInspect.of(Machine.existing(home(), n)));
            out().println(Json.writeIndented(all, "    "));
            return 0;
        }
    }

    @Command(name = "ssh", description = "Log in to a machine (or run COMMAND in it) as root")
    static final class Ssh extends MachineBase {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME") String name = MachineHome.DEFAULT_NAME;
        @Parameters(index = "1..*", paramLabel = "COMMAND") List<String> command = new ArrayList<>();

        @Override
        protected int run() throws IOException, InterruptedException {
            Machine m = Machine.existing(home(), name);
            if (m.qemu().isEmpty()) throw new IOException("machine \"" + name + "\" is not running");
            return new ProcessBuilder(SshArgs.argv(m, command)).inheritIO().start().waitFor();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

}
