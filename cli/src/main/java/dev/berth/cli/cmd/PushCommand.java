package dev.berth.cli.cmd;

import dev.berth.cli.http.Body;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code push}: POST /images/{name}/push?tag=… with X-Registry-Auth, progress as docker draws it. */
@Command(name = "push", description = "Upload an image to a registry")
public final class PushCommand extends BaseCommand {
    @Option(names = {"-a", "--all-tags"}, description = "Push all tags of an image to the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--platform", description = "Push a platform-specific manifest as a single-platform image")
    String platform;

    @Option(names = "--disable-content-trust", arity = "0..1", fallbackValue = "true",
            description = "Skip image signing (default true)")
    Boolean disableContentTrust;

    @Parameters(index = "0", paramLabel = "NAME[:TAG]")
    String image;

    @Override
    protected int run() throws IOException {
        ContentTrust.refuseIfOn(disableContentTrust, ctx().env());
        String[] rt = Names.repoTag(image);
        String tag = allTags ? null : rt[1].isEmpty() ? "latest" : rt[1];
        if (!allTags && rt[1].isEmpty() && !quiet) out().println("Using default tag: latest");
        Credentials creds = new Credentials(ctx().env());
        Query q = Query.of().addIfPresent("tag", tag).addIfPresent("platform", PlatformArg.jsonOrNull(platform));
        try (HttpResponse r = client().call("POST", "/images/" + Query.seg(rt[0]) + "/push" + q,
                Map.of("X-Registry-Auth", creds.header(Credentials.serverOf(rt[0]))), Body.NONE)) {
            new ProgressPrinter(quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) : out(),
                    !quiet && System.console() != null).print(r.body());
        }
        if (quiet) out().println(tag == null ? rt[0] : rt[0] + ":" + tag);
        return 0;
    }
}
