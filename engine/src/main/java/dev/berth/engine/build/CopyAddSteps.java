package dev.berth.engine.build;

import dev.berth.dockerfile.Heredoc;
import dev.berth.dockerfile.Instruction;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * COPY and ADD from the context, here-documents and (ADD) URLs: the sources are resolved, digested
 * for the cache key, written into a tar at their destinations and extracted into a created
 * container of the current image, as {@code docker cp} does; the container's layer is committed.
 * COPY --from is {@link CopyFrom}.
 */
final class CopyAddSteps {
    private final FsSteps fs;
    private final StageBuilder stage;
    private final BuildRun run;

    CopyAddSteps(FsSteps fs) {
        this.fs = fs;
        this.stage = fs.stage;
        this.run = fs.run;
    }

    void copy(Instruction.Copy c) {
        if (c.from().isPresent()) {
            CopyFrom.step(fs, c);
            return;
        }
        for (String src : c.sources()) {
            if (RemoteSources.isUrl(src)) {
                throw EngineException.invalid("COPY failed: source can't be a URL for COPY");
            }
        }
        files("COPY", c.sources(), c.inline(), c.dest(), c.chown(), c.chmod(), false, Optional.empty());
    }

    void add(Instruction.Add a) {
        for (String src : a.sources()) {
            if (RemoteSources.isGit(src)) {
                throw EngineException.invalid("ADD of a Git repository (" + src
                        + ") is not supported by Berth's builder yet");
            }
        }
        if (a.keepGitDir()) {
            throw EngineException.invalid("ADD --keep-git-dir is not supported by Berth's builder yet");
        }
        if (a.checksum().isPresent()) {
            if (a.sources().size() != 1 || !RemoteSources.isUrl(a.sources().get(0)) || !a.inline().isEmpty()) {
                // BuildKit's rule: a checksum pins one download.
                throw EngineException.invalid("checksum can't be specified for multiple sources or a non-HTTP source");
            }
            RemoteSources.checkChecksum(a.checksum().get());
        }
        files("ADD", a.sources(), a.inline(), a.dest(), a.chown(), a.chmod(), true, a.checksum());
    }

    private void files(String keyword, List<String> allSources, List<Heredoc> inline, String rawDest,
                       Optional<String> chown, Optional<String> chmod, boolean unpack, Optional<String> checksum) {
        Integer mode = chmod.map(FsSteps::octal).orElse(null);
        String dest = CopySources.absolute(rawDest, stage.config.workingDir());
        List<String> sources = allSources.stream().filter(s -> !RemoteSources.isUrl(s)).toList();
        List<RemoteSources.Download> remote = new ArrayList<>();
        Path inlineDir = null;
        try {
            for (String url : allSources.stream().filter(RemoteSources::isUrl).toList()) {
                RemoteSources.Download d = RemoteSources.fetch(url, run.scratch, run.out, checksum);
                remote.add(d);
                if (!d.named() && (dest.endsWith("/") || allSources.size() + inline.size() > 1)) {
                    throw EngineException.invalid("cannot determine filename for source " + url);
                }
            }
            inlineDir = inline.isEmpty() ? null : Heredocs.materialize(run.scratch, inline, stage.environment());
            Sources all = new Sources(sources, inline, inlineDir, remote);
            List<CopySources.Item> found = items(keyword, all, dest, true);
            List<Path> paths = found.stream().map(CopySources.Item::source).toList();
            String digest = SourceDigest.of(run.context.root(), paths.stream().filter(p -> p.startsWith(run.context.root()))
                    .toList(), "chown=" + chown.orElse("") + " chmod=" + chmod.orElse("") + " unpack=" + unpack
                    + " inline=" + inline.stream().map(h -> h.name() + "\0" + Heredocs.read(all.inlineDir(), h)).toList()
                    + " remote=" + remote.stream().map(d -> d.name() + "\0" + d.digest()).toList());
            String kind = found.size() == 1 && Files.isDirectory(paths.get(0)) ? "dir" : "file";
            String createdBy = "/bin/sh -c #(nop) " + keyword + " " + kind + ":" + digest + " in " + dest + " ";
            if (stage.cached(createdBy, stage.config)) {
                return;
            }
            copyInto(keyword, all, dest, chown, mode, unpack, createdBy);
        } finally {
            Heredocs.delete(inlineDir);
            remote.forEach(d -> Heredocs.delete(d.dir()));
        }
    }

    /** Where a COPY/ADD's files come from: the context, here-documents, downloads. */
    private record Sources(List<String> context, List<Heredoc> inline, Path inlineDir,
                           List<RemoteSources.Download> remote) {
        int size() {
            return context.size() + inline.size() + remote.size();
        }
    }

    /** Context sources, then here-documents and downloads (files named after them), at their destinations. */
    private List<CopySources.Item> items(String keyword, Sources sources, String dest, boolean destIsDir) {
        int total = sources.size();
        boolean toDir = destIsDir || total > 1;
        if (total > 1 && !(dest.endsWith("/") || destIsDir)) {
            throw EngineException.invalid("When using " + keyword
                    + " with more than one source file, the destination must be a directory and end with a /");
        }
        List<CopySources.Item> out = new ArrayList<>();
        if (!sources.context().isEmpty()) {
            out.addAll(CopySources.resolve(keyword, run.context.root(), sources.context(), dest, toDir));
        }
        if (!sources.inline().isEmpty()) {
            out.addAll(CopySources.resolve(keyword, sources.inlineDir(),
                    sources.inline().stream().map(Heredoc::name).toList(), dest, toDir));
        }
        for (RemoteSources.Download d : sources.remote()) {
            out.addAll(CopySources.resolve(keyword, d.dir(), List.of(d.name()), dest, toDir));
        }
        return out;
    }

    private void copyInto(String keyword, Sources sources, String dest, Optional<String> chown, Integer mode,
                          boolean unpack, String createdBy) {
        String cid = run.containers.create(stage.imageId, List.of("/bin/sh", "-c", "#(nop) " + keyword), List.of(),
                stage.config.user(), stage.config.workingDir());
        try {
            boolean destIsDir = fs.isDir(cid, CopySources.trimSlash(dest));
            List<CopySources.Item> items = items(keyword, sources, dest, destIsDir);
            int[] owner = Chown.resolve(chown, run.containers.backend(), cid);
            Path tar = Files.createTempFile(run.scratch, "copy-", ".tar");
            try {
                try (OutputStream out = Files.newOutputStream(tar)) {
                    CopyTar t = new CopyTar(out, owner[0], owner[1], mode, p -> fs.exists(cid, p));
                    for (CopySources.Item item : items) {
                        // Only context files unpack: downloads and here-documents are copied as they are.
                        if (unpack && item.source().startsWith(run.context.root()) && CopyTar.isArchive(item.source())) {
                            t.addArchive(item.source(), CopySources.trimSlash(dest), chown.isPresent());
                        } else {
                            t.add(item.source(), item.target());
                        }
                    }
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
            throw EngineException.unavailable(keyword + " failed: " + e.getMessage(), e);
        } finally {
            run.containers.remove(cid);
        }
    }
}
