package dev.berth.engine.build;

import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.model.ContainerPathStat;
import dev.berth.dockerfile.Instruction;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * COPY --from: the sources are read out of another image (an earlier stage's, or any image,
 * pulled if need be) through a created, never-started container of it, as {@code docker cp}
 * reads a container, and written into the step's tar at their destinations.
 */
final class CopyFrom {
    private CopyFrom() {
    }

    /** The COPY --from step: cached by the source image's id, else written through a container of the current image. */
    static void step(FsSteps fs, Instruction.Copy c) {
        StageBuilder stage = fs.stage;
        BuildRun run = fs.run;
        if (!c.inline().isEmpty()) {
            throw EngineException.invalid("COPY with a here-document is not supported by Berth's builder yet");
        }
        String source = sourceImage(run, c.from().get());
        Integer mode = c.chmod().map(FsSteps::octal).orElse(null);
        String dest = CopySources.absolute(c.dest(), stage.config.workingDir());
        // Images are content-addressed: the source image's id stands for its files' contents.
        String createdBy = "/bin/sh -c #(nop) COPY --from=" + source + " " + String.join(" ", c.sources())
                + (c.chown().map(o -> " --chown=" + o).orElse("")) + (c.chmod().map(o -> " --chmod=" + o).orElse(""))
                + " in " + dest + " ";
        if (stage.cached(createdBy, stage.config)) {
            return;
        }
        String cid = run.containers.create(stage.imageId, List.of("/bin/sh", "-c", "#(nop) COPY"), List.of(),
                stage.config.user(), stage.config.workingDir());
        try {
            boolean destIsDir = fs.isDir(cid, CopySources.trimSlash(dest));
            int[] owner = Chown.resolve(c.chown(), run.containers.backend(), cid);
            Path tar = Files.createTempFile(run.scratch, "copy-", ".tar");
            try {
                try (OutputStream out = Files.newOutputStream(tar)) {
                    CopyTar t = new CopyTar(out, owner[0], owner[1], mode, p -> fs.exists(cid, p));
                    write(run, source, c.sources(), dest, destIsDir, t);
                    t.finish();
                }
                try (InputStream in = Files.newInputStream(tar)) {
                    run.containers.backend().extract(cid, "/", false, false, in);
                }
            } finally {
                Files.deleteIfExists(tar);
            }
            fs.commitLayer(cid, createdBy);
        } catch (IOException e) {
            throw EngineException.unavailable("COPY failed: " + e.getMessage(), e);
        } finally {
            run.containers.remove(cid);
        }
    }


    /** The image --from names: an earlier stage by name or index, else an image reference. */
    static String sourceImage(BuildRun run, String from) {
        String stage = run.stageImages.get(from.toLowerCase());
        if (stage != null) {
            return stage;
        }
        if (from.matches("\\d+")) {
            throw EngineException.invalid("invalid from flag value " + from
                    + ": refers to current build stage or a stage that does not exist");
        }
        return BaseImages.resolve(run, from);
    }

    static void write(BuildRun run, String sourceImage, List<String> sources, String dest, boolean destIsDir,
                      CopyTar tar) throws IOException {
        ContainerBackend containers = run.containers.backend();
        String cid = run.containers.create(sourceImage, List.of("/bin/sh", "-c", "#(nop) COPY --from"), List.of(),
                null, null);
        try {
            List<String> paths = new ArrayList<>();
            for (String src : sources) {
                String path = src.startsWith("/") ? src : "/" + src;
                paths.addAll(CopySources.isGlob(path) ? matches(run, cid, path) : List.of(path));
            }
            if (paths.isEmpty()) {
                throw EngineException.invalid("COPY failed: no source files were specified");
            }
            if (paths.size() > 1 && !(dest.endsWith("/") || destIsDir)) {
                throw EngineException.invalid("When using COPY with more than one source file, "
                        + "the destination must be a directory and end with a /");
            }
            for (String path : paths) {
                ContainerPathStat stat;
                try {
                    stat = containers.statPath(cid, path);
                } catch (EngineException e) {
                    if (e.kind() == ErrorKind.NOT_FOUND) {
                        throw EngineException.invalid("COPY failed: stat " + path + ": file does not exist");
                    }
                    throw e;
                }
                boolean dir = (stat.mode() & (1L << 31)) != 0;
                String base = CopySources.trimSlash(dest);
                String target = dir ? base
                        : dest.endsWith("/") || destIsDir || paths.size() > 1
                                ? (base.equals("/") ? "" : base) + "/" + Path.of(path).getFileName() : base;
                Path staged = Files.createTempFile(run.scratch, "from-", ".tar");
                try {
                    try (OutputStream out = Files.newOutputStream(staged)) {
                        containers.archive(cid, path, s -> out);
                    }
                    try (InputStream in = Files.newInputStream(staged)) {
                        tar.addArchived(in, target, dir);
                    }
                } finally {
                    Files.deleteIfExists(staged);
                }
            }
        } finally {
            run.containers.remove(cid);
        }
    }

    /**
     * The paths a wildcard source names in the source image, in walk order: as dockerd, the pattern
     * (Go's filepath.Match, '*' within one element) is matched against every path below the root;
     * only the directory above its first wildcard element is read.
     */
    private static List<String> matches(BuildRun run, String cid, String pattern) throws IOException {
        int glob = firstGlob(pattern);
        String dir = pattern.substring(0, pattern.lastIndexOf('/', glob));
        Pattern re = CopySources.globRegex(pattern.substring(1));
        String parent = dir.isEmpty() ? "" : dir.substring(1) + "/";
        List<String> out = new ArrayList<>();
        Path staged = Files.createTempFile(run.scratch, "glob-", ".tar");
        try {
            try (OutputStream o = Files.newOutputStream(staged)) {
                run.containers.backend().archive(cid, dir.isEmpty() ? "/" : dir, s -> o);
            } catch (EngineException e) {
                if (e.kind() == ErrorKind.NOT_FOUND) {
                    return out;
                }
                throw e;
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(staged))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    String name = e.getName();
                    int slash = name.indexOf('/');
                    String rest = slash < 0 ? "" : name.substring(slash + 1).replaceAll("/+$", "");
                    if (!rest.isEmpty() && re.matcher(parent + rest).matches()) {
                        out.add("/" + parent + rest);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(staged);
        }
        // Every match has the pattern's depth, so none is inside another; sorted as dockerd's walk visits them.
        out.sort(null);
        return out;
    }

    private static int firstGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                return i;
            }
        }
        return -1;
    }
}
