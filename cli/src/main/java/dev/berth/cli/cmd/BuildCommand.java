package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import dev.berth.cli.http.Body;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import dev.berth.cli.json.JsonStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code build}: the classic builder's client, as {@code DOCKER_BUILDKIT=0 docker build} is: the
 * context directory (or a tar on stdin with {@code -}) is sent as a tar, .dockerignore applied;
 * the daemon's stream is printed; a failed step's code is the exit code.
 */
@Command(name = "build", description = "Build an image from a Dockerfile")
public final class BuildCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "Context directory, or - for a tar on stdin")
    String context;

    @Option(names = {"-t", "--tag"}, description = "Name and optionally a tag (name:tag)")
    List<String> tags = new ArrayList<>();

    @Option(names = {"-f", "--file"}, description = "Name of the Dockerfile (default: PATH/Dockerfile)")
    String file;

    @Option(names = "--build-arg", description = "Set build-time variables")
    List<String> buildArgs = new ArrayList<>();

    @Option(names = "--label", description = "Set metadata for an image")
    List<String> labels = new ArrayList<>();

    @Option(names = "--target", description = "Set the target build stage to build")
    String target;

    @Option(names = "--no-cache", description = "Do not use cache when building the image")
    boolean noCache;

    @Option(names = "--pull", description = "Always attempt to pull a newer version of the image")
    boolean pull;

    @Option(names = "--rm", arity = "0..1", fallbackValue = "true", description = "Remove intermediate containers after a successful build")
    boolean rm = true;

    @Option(names = "--force-rm", description = "Always remove intermediate containers")
    boolean forceRm;

    @Option(names = {"-q", "--quiet"}, description = "Suppress the build output and print image ID on success")
    boolean quiet;

    @Option(names = "--iidfile", description = "Write the image ID to the file")
    String iidfile;

    @Option(names = "--network", description = "Set the networking mode for the RUN instructions during build")
    String network = "default";

    @Option(names = "--add-host", description = "Add a custom host-to-IP mapping (host:ip)")
    List<String> addHosts = new ArrayList<>();

    @Option(names = "--shm-size", description = "Size of /dev/shm (bytes)")
    long shmSize;

    @Option(names = "--ulimit", description = "Ulimit options (name=soft[:hard])")
    List<String> ulimits = new ArrayList<>();

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = "--cache-from", description = "Images to consider as cache sources")
    List<String> cacheFrom = new ArrayList<>();

    @Option(names = {"-m", "--memory"}, description = "Memory limit")
    String memory;

    @Option(names = "--memory-swap", description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap")
    String memorySwap;

    @Option(names = {"-c", "--cpu-shares"}, description = "CPU shares (relative weight)")
    long cpuShares;

    @Option(names = "--cpuset-cpus", description = "CPUs in which to allow execution (0-3, 0,1)")
    String cpusetCpus;

    @Option(names = "--cpu-period", description = "Limit the CPU CFS (Completely Fair Scheduler) period")
    long cpuPeriod;

    @Option(names = "--cpu-quota", description = "Limit the CPU CFS (Completely Fair Scheduler) quota")
    long cpuQuota;

    @Option(names = "--cgroup-parent", description = "Set the parent cgroup for the \"RUN\" instructions during build")
    String cgroupParent;

    @Option(names = "--cpuset-mems", description = "MEMs in which to allow execution (0-3, 0,1)")
    String cpusetMems;

    @Option(names = "--security-opt", description = "Security options")
    List<String> securityOpts = new ArrayList<>();

    @Option(names = "--isolation", description = "Container isolation technology")
    String isolation;

    @Option(names = "--squash", description = "Squash newly built layers into a single new layer")
    boolean squash;

    @Option(names = "--compress", description = "Compress the build context using gzip")
    boolean compress;

    @Option(names = "--disable-content-trust", arity = "0..1", fallbackValue = "true",
            description = "Skip image verification (default true)")
    Boolean disableContentTrust;

    @Override
    protected int run() throws IOException {
        ContentTrust.refuseIfOn(disableContentTrust, ctx().env());
        Query q = Query.of();
        tags.forEach(t -> q.add("t", t));
        addHosts.forEach(h -> q.add("extrahosts", h));
        q.flag("q", quiet).flag("nocache", noCache).add("rm", rm ? "1" : "0").flag("forcerm", forceRm)
                .flag("pull", pull).addIfPresent("target", target).addIfPresent("platform", platform)
                .add("networkmode", network).add("version", "1");
        if (shmSize > 0) {
            q.add("shmsize", Long.toString(shmSize));
        }
        limits(q);
        if (!cacheFrom.isEmpty()) {
            q.add("cachefrom", Json.write(cacheFrom));
        }
        q.add("buildargs", Json.write(buildArgs(buildArgs)));
        q.add("labels", Json.write(labels(labels)));
        q.add("ulimits", Json.write(ulimits(ulimits)));
        Path tar = Files.createTempFile("berth-build-", ".tar");
        try {
            String dockerfile = pack(tar);
            if (compress) gzip(tar);
            q.add("dockerfile", dockerfile);
            if (!quiet) {
                err().println("Sending build context to Docker daemon  " + Files.size(tar) + "B");
            }
            try (InputStream in = Files.newInputStream(tar);
                 HttpResponse r = client().call("POST", "/build" + q,
                         Map.of("X-Registry-Config", new Credentials(ctx().env()).configHeader()),
                         new Body.Streamed(in, "application/x-tar"))) {
                return print(r.body());
            }
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** The RUN containers' limits, as the docker CLI sends them (sizes in bytes, only what is set). */
    private void limits(Query q) {
        if (memory != null) {
            q.add("memory", Long.toString(Units.ramInBytes(memory)));
        }
        if (memorySwap != null) {
            q.add("memswap", memorySwap.equals("-1") ? "-1" : Long.toString(Units.ramInBytes(memorySwap)));
        }
        if (cpuShares != 0) {
            q.add("cpushares", Long.toString(cpuShares));
        }
        if (cpuPeriod != 0) {
            q.add("cpuperiod", Long.toString(cpuPeriod));
        }
        if (cpuQuota != 0) {
            q.add("cpuquota", Long.toString(cpuQuota));
        }
        q.addIfPresent("cpusetcpus", cpusetCpus).addIfPresent("cpusetmems", cpusetMems)
                .addIfPresent("cgroupparent", cgroupParent);
        securityOpts.forEach(o -> q.add("securityopt", o));
        if (isolation != null && !isolation.equals("default")) q.add("isolation", isolation);
        q.flag("squash", squash);
    }

    /** {@code --compress}: the context goes gzipped, as the docker CLI sends it (the daemon detects it). */
    private static void gzip(Path tar) throws IOException {
        Path gz = Files.createTempFile("berth-build-", ".tar.gz");
        try {
            try (InputStream in = Files.newInputStream(tar);
                    OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
                in.transferTo(out);
            }
            Files.move(gz, tar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(gz);
        }
    }

    /** Writes the context tar; returns the Dockerfile's name inside it. */
    private String pack(Path tar) throws IOException {
        if (context.equals("-")) {
            try (OutputStream out = Files.newOutputStream(tar)) {
                ctx().in().transferTo(out);
            }
            return file == null ? "Dockerfile" : file;
        }
        Path dir = Path.of(context);
        if (!Files.isDirectory(dir)) {
            throw new UsageException("unable to prepare context: path \"" + context + "\" not found");
        }
        Path df = file == null ? dir.resolve("Dockerfile") : Path.of(file);
        String name;
        boolean inside = df.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
        name = inside ? dir.toAbsolutePath().normalize().relativize(df.toAbsolutePath().normalize()).toString()
                : ".dockerfile." + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        try (OutputStream out = Files.newOutputStream(tar)) {
            ContextTar.write(dir, name, inside ? null : Files.readAllBytes(df), out);
        }
        return name;
    }

    private int print(InputStream body) throws IOException {
        int[] code = {0};
        String[] id = {null};
        ProgressPrinter printer = new ProgressPrinter(out(), false);
        JsonStream.forEach(body, m -> {
            if (code[0] != 0) {
                return;
            }
            String error = Json.str(m, "error");
            if (!error.isEmpty()) {
                long c = Json.num(m, "errorDetail", "code");
                err().println(error);
                code[0] = c == 0 ? 1 : (int) c;
                return;
            }
            String aux = Json.str(m, "aux", "ID");
            if (!aux.isEmpty()) {
                id[0] = aux;
                return;
            }
            // Step lines ("stream") and a FROM's pull progress ("status"), as docker renders them.
            printer.line(m);
        });
        out().flush();
        if (code[0] == 0 && iidfile != null && id[0] != null) {
            Files.writeString(Path.of(iidfile), id[0]);
        }
        return code[0];
    }

    private static Map<String, Object> buildArgs(List<String> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String a : given) {
            int eq = a.indexOf('=');
            if (eq < 0) {
                // KEY alone: the value comes from this environment, or stays unset.
                out.put(a, System.getenv(a));
            } else {
                out.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        return out;
    }

    private static List<Object> ulimits(List<String> given) {
        List<Object> out = new ArrayList<>();
        for (String u : given) {
            int eq = u.indexOf('=');
            if (eq < 0) {
                throw new UsageException("invalid argument \"" + u + "\" for \"--ulimit\" flag: invalid ulimit argument: " + u);
            }
            String[] limits = u.substring(eq + 1).split(":", 2);
            try {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("Name", u.substring(0, eq));
                m.put("Hard", Long.parseLong(limits[limits.length - 1]));
                m.put("Soft", Long.parseLong(limits[0]));
                out.add(m);
            } catch (NumberFormatException e) {
                throw new UsageException("invalid argument \"" + u + "\" for \"--ulimit\" flag: invalid ulimit value");
            }
        }
        return out;
    }

    private static Map<String, Object> labels(List<String> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String l : given) {
            int eq = l.indexOf('=');
            out.put(eq < 0 ? l : l.substring(0, eq), eq < 0 ? "" : l.substring(eq + 1));
        }
        return out;
    }
}
