package dev.berth.cli.cmd;

import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code volume create}: POST /volumes/create, prints the volume's name. Cluster-volume flags are not offered. */
@Command(name = "create", description = "Create a volume")
public final class VolumeCreateCommand extends BaseCommand {
    @Option(names = {"-d", "--driver"}, description = "Specify volume driver name")
    String driver = "local";

    @Option(names = {"-o", "--opt"}, description = "Set driver specific options")
    List<String> opts = new ArrayList<>();

    @Option(names = "--label", description = "Set metadata for a volume")
    List<String> labels = new ArrayList<>();

    @Option(names = "--name", hidden = true, description = "Specify volume name")
    String nameFlag;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VOLUME")
    String name;

    @Override
    protected int run() throws IOException {
        if (name != null && nameFlag != null && !nameFlag.isEmpty()) {
            throw new UsageException("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Name", name != null ? name : nameFlag == null ? "" : nameFlag);
        body.put("Driver", driver);
        body.put("DriverOpts", keyValues(opts, "opt"));
        body.put("Labels", keyValues(labels, "label"));
        Object resp = client().post("/volumes/create", body);
        out().println(Json.str(resp, "Name"));
        return 0;
    }

    /** docker's map options: {@code k=v}; a label may be a bare key, an option may not. */
    private static Map<String, Object> keyValues(List<String> kvs, String flag) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String kv : kvs) {
            int eq = kv.indexOf('=');
            if (eq < 0 && flag.equals("opt")) {
                throw new UsageException("invalid argument \"" + kv + "\" for \"-o, --opt\" flag: invalid key value pair format: " + kv);
            }
            m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return m;
    }
}
