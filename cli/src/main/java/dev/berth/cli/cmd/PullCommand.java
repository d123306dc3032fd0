package dev.berth.cli.cmd;

import java.io.IOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pull}: POST /images/create?fromImage=…&tag=…, progress as docker draws it, then the reference. */
@Command(name = "pull", description = "Download an image from a registry")
public final class PullCommand extends BaseCommand {
    @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository")
    boolean allTags;

    @Option(names = "--platform", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--disable-content-trust", arity = "0..1", fallbackValue = "true",
            description = "Skip image verification (default true)")
    Boolean disableContentTrust;

    @Parameters(index = "0", paramLabel = "NAME[:TAG|@DIGEST]")
    String image;

    @Override
    protected int run() throws IOException {
        // content trust means verifying signatures with a Notary server; berth has none to ask
        ContentTrust.refuseIfOn(disableContentTrust, ctx().env());
        String ref = allTags ? image : image.contains("@") || Names.repoTag(image)[1].length() > 0 ? image : image + ":latest";
        if (!quiet && !allTags && !image.contains("@") && Names.repoTag(image)[1].isEmpty()) {
            out().println("Using default tag: latest");
        }
        ImagePuller.pull(client(), ref, platform, quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
                : out(), new Credentials(ctx().env()));
        out().println(ImagePuller.canonical(ref));
        return 0;
    }
}
