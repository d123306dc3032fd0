package dev.berth.cli.cmd;

import dev.berth.cli.format.ListFormat;
import dev.berth.cli.format.Row;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code images}: GET /images/json?all=…&filters=…. */
@Command(name = "images", description = "List images")
public final class ImagesCommand extends BaseCommand {
    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = {"-f", "--filter"}, description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", description = "Format output using a custom template")
    String format;

    @Option(names = "--tree", description = "List multi-platform images as a tree (EXPERIMENTAL)")
    boolean tree;

    @Parameters(arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    protected int run() throws IOException {
        List<String> f = new ArrayList<>(filters);
        if (reference != null) f.add("reference=" + reference);
        Query q = Query.of().flag("all", all).add("filters", Filters.encode(f));
        if (tree) return tree(q);
        String fmt = format == null || format.isEmpty() || format.equals("table") ? null : format;
        boolean needDigest = digests || (fmt != null && fmt.contains("{{.Digest}}"));
        List<Row> rows = new ArrayList<>();
        for (Object img : Json.list(client().get("/images/json" + q))) {
            rows.addAll(ImageRows.of(Json.map(img), !noTrunc, needDigest, ctx().clock()));
        }
        if (quiet) {
            fmt = "{{.ID}}";
        } else if (fmt == null) {
            fmt = digests ? ImageRows.DIGEST_TABLE : ImageRows.DEFAULT_TABLE;
        } else if (ListFormat.isTable(fmt) && digests && !fmt.contains("{{.Digest}}")) {
            fmt = fmt + "\t{{.Digest}}";
        }
        out().print(ListFormat.render(fmt, rows, ImageRows.HEADERS));
        return 0;
    }

    /**
     * {@code --tree}: as the docker CLI, refused with -q, --no-trunc, --digests or --format, else the images with
     * their manifests ({@code manifests=1}) drawn as a tree ({@link ImageTree}; without colours).
     */
    private int tree(Query q) throws IOException {
        String conflict = quiet ? "--quiet" : noTrunc ? "--no-trunc" : digests ? "--show-digest"
                : format != null && !format.isEmpty() ? "--format" : null;
        if (conflict != null) {
            err().println(conflict + " is not yet supported with --tree");
            return 1;
        }
        List<Object> images = Json.list(client().get("/images/json" + q.flag("manifests", true)));
        int[] size = Terminal.size();
        out().print(ImageTree.render(images, all, size == null ? 0 : size[1]));
        return 0;
    }
}
