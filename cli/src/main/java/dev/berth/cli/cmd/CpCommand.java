package dev.berth.cli.cmd;

import dev.berth.cli.format.Units;
import dev.berth.cli.http.Body;
import dev.berth.cli.http.DaemonException;
import dev.berth.cli.http.HttpResponse;
import dev.berth.cli.http.Query;
import dev.berth.cli.json.Json;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cp}: files between a container and the host (or a tar on stdin/stdout with {@code -}), with
 * docker's rules for where the copy lands: into an existing directory under the source's name, over an
 * existing file, or as the new name when the destination does not exist; {@code SRC/.} copies a
 * directory's content.
 */
@Command(name = "cp", description = "Copy files/folders between a container and the local filesystem")
public final class CpCommand extends BaseCommand {
    @Option(names = {"-a", "--archive"}, description = "Archive mode (copy all uid/gid information)")
    boolean archive;

    @Option(names = {"-L", "--follow-link"}, description = "Always follow symbol link in SRC_PATH")
    boolean followLink;

    @Option(names = {"-q", "--quiet"}, description = "Suppress progress output during copy")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SRC")
    String src;

    @Parameters(index = "1", paramLabel = "DEST")
    String dest;

    /** A path's stat as the daemon reports it, null when it does not exist. */
    private record Stat(String name, long mode, String linkTarget) {
        boolean isDir() {
            return (mode & (1L << 31)) != 0;
        }

        boolean isLink() {
            return (mode & (1L << 27)) != 0;
        }
    }

    @Override
    protected int run() throws IOException, InterruptedException {
        int srcColon = containerSplit(src);
        int destColon = containerSplit(dest);
        if (srcColon > 0 && destColon > 0) {
            throw new UsageException("copying between containers is not supported");
        }
        if (srcColon <= 0 && destColon <= 0) {
            throw new UsageException("must specify at least one container source");
        }
        long bytes = srcColon > 0
                ? fromContainer(src.substring(0, srcColon), src.substring(srcColon + 1))
                : toContainer(dest.substring(0, destColon), dest.substring(destColon + 1));
        if (!quiet && System.console() != null && !"-".equals(srcColon > 0 ? dest : src)) {
            err().println("Successfully copied " + Units.humanSize(bytes) + " to " + dest);
        }
        return 0;
    }

    /** The colon that ends a container name, or -1 for a local path (absolute, ./, or without a colon). */
    static int containerSplit(String arg) {
        if (arg.startsWith("/") || arg.startsWith(".")) {
            return -1;
        }
        return arg.indexOf(':');
    }

    private long fromContainer(String container, String path) throws IOException {
        Stat st = stat(container, path);
        if (st == null) {
            throw new DaemonException(404, "Could not find the file " + path + " in container " + container);
        }
        String remote = path;
        if (followLink && st.isLink()) {
            remote = st.linkTarget();
            st = stat(container, remote);
        }
        try (HttpResponse r = client().call("GET", archiveUrl(container, remote, null), Body.NONE)) {
            if (dest.equals("-")) {
                r.body().transferTo(out());
                out().flush();
                return 0;
            }
            Path to = Path.of(dest).toAbsolutePath();
            String srcBase = base(remote);
            boolean contentOnly = remote.endsWith("/.");
            if (Files.isDirectory(to)) {
                return LocalTar.extract(r.body(), to, srcBase, contentOnly ? "." : srcBase);
            }
            if (Files.exists(to, LinkOption.NOFOLLOW_LINKS) && st.isDir()) {
                throw new IOException("cannot copy a directory to a file");
            }
            if (!Files.exists(to, LinkOption.NOFOLLOW_LINKS) && dest.endsWith("/") && !st.isDir()) {
                throw new IOException("destination directory " + dest + " does not exist");
            }
            Path parent = to.getParent();
            if (!Files.isDirectory(parent)) {
                throw new NoSuchFileException(parent.toString(), null, "no such directory");
            }
            return LocalTar.extract(r.body(), parent, srcBase, to.getFileName().toString());
        }
    }

    private long toContainer(String container, String path) throws IOException, InterruptedException {
        String dir;
        if (src.equals("-")) {
            dir = path;
            try (HttpResponse r = client().call("PUT", archiveUrl(container, dir, true),
                    new Body.Streamed(System.in, "application/x-tar"))) {
                r.bytes();
            }
            return 0;
        }
        Path local = Path.of(src);
        if (followLink) {
            local = local.toRealPath();
        }
        if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(src, null, "no such file or directory");
        }
        boolean srcDir = Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS);
        String name = src.endsWith("/.") ? "." : local.getFileName() == null ? "." : local.getFileName().toString();
        Stat st = stat(container, path);
        if (st != null && st.isDir()) {
            dir = path;
        } else if (st != null) {
            if (srcDir) {
                throw new IOException("cannot copy a directory to a file");
            }
            dir = parentOf(path);
            name = base(path);
        } else {
            if (path.endsWith("/")) {
                throw new IOException("destination directory " + path + " does not exist");
            }
            dir = parentOf(path);
            name = base(path);
        }
        return upload(container, dir, local, name);
    }

    private long upload(String container, String dir, Path local, String name) throws IOException, InterruptedException {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream pipe = new PipedOutputStream(in);
        long[] size = {0};
        IOException[] failure = {null};
        Thread writer = new Thread(() -> {
            try (pipe) {
                size[0] = LocalTar.write(local, name, pipe);
            } catch (IOException e) {
                failure[0] = e;
            }
        }, "cp-tar");
        writer.setDaemon(true);
        writer.start();
        try (HttpResponse r = client().call("PUT", archiveUrl(container, dir, true),
                new Body.Streamed(in, "application/x-tar"))) {
            r.bytes();
        } finally {
            in.close();
            writer.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return size[0];
    }

    private String archiveUrl(String container, String path, Boolean upload) {
        Query q = Query.of().add("path", path);
        if (upload != null) {
            q.add("noOverwriteDirNonDir", "true");
            if (archive) {
                q.add("copyUIDGID", "true");
            }
        }
        return "/containers/" + Query.seg(container) + "/archive" + q;
    }

    private Stat stat(String container, String path) throws IOException {
        try (HttpResponse r = client().call("HEAD", archiveUrl(container, path, null), Body.NONE)) {
            String header = r.header("X-Docker-Container-Path-Stat");
            if (header == null) {
                throw new IOException("the daemon sent no path stat");
            }
            Object json = Json.parse(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8));
            Object mode = Json.path(json, "mode");
            return new Stat(Json.str(json, "name"), mode instanceof Number n ? n.longValue() : 0,
                    Json.str(json, "linkTarget"));
        } catch (DaemonException e) {
            if (e.isNotFound() && e.getMessage().startsWith("Could not find the file")) {
                return null;
            }
            if (e.isNotFound() && e.getMessage().startsWith("HTTP")) {
                // HEAD carries no body: tell a missing container from a missing path
                client().get("/containers/" + Query.seg(container) + "/json");
                return null;
            }
            throw e;
        }
    }

    private static String base(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.endsWith("/.")) {
            return ".";
        }
        int slash = p.lastIndexOf('/');
        return slash < 0 ? p : p.substring(slash + 1);
    }

    private static String parentOf(String path) {
        String p = path.startsWith("/") ? path : "/" + path;
        int slash = p.lastIndexOf('/');
        return slash <= 0 ? "/" : p.substring(0, slash);
    }
}
