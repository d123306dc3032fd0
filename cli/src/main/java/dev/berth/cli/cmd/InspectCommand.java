package dev.berth.cli.cmd;

import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code inspect}: an {@link InspectRequest}. */
@Command(name = "inspect", description = "Return low-level information on Docker objects")
public class InspectCommand extends BaseCommand {
    @Option(names = {"-f", "--format"}, description = "Format output using a custom template")
    String format;

    @Option(names = "--type", description = "Only inspect objects of the given type")
    String type;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes if the type is container")
    boolean size;

    @Option(names = "--at", description = "Answer as inspect would have at this time (Berth: RFC 3339, unix seconds or a duration ago)")
    String at;

    @Parameters(arity = "1..*", paramLabel = "NAME|ID")
    List<String> names;

    /** The object type a group alias inspects ({@code container inspect}), or null for any. */
    protected String fixedType() {
        return type;
    }

    @Override
    protected int run() throws IOException {
        return new InspectRequest(fixedType(), format, size, at, names).run(ctx());
    }
}
