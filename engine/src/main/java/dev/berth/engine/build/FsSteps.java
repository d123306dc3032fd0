package dev.berth.engine.build;

import dev.berth.actors.image.ImageCommitWorkflow;
import dev.berth.api.backend.BuildFailedException;
import dev.berth.api.model.ContainerPathStat;
import dev.berth.dockerfile.Heredoc;
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
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The steps that change the filesystem, each in a container of the current image whose upper
 * layer is committed: RUN (the container runs), COPY/ADD (the files are extracted into it, as
 * {@code docker cp} does, in {@link CopyAddSteps}), WORKDIR (the directory is made when missing).
 */
final class FsSteps {
    final StageBuilder stage;
    final BuildRun run;

    private final CopyAddSteps copyAdd;

    FsSteps(StageBuilder stage) {
        this.stage = stage;
        this.run = stage.run;
        this.copyAdd = new CopyAddSteps(this);
    }

    void run(Instruction.Run r) {
        if (!r.buildKitFlags().isEmpty()) {
            // dockerd's classic builder refuses them at the step, in these words
            throw EngineException.invalid("the --" + r.buildKitFlags().get(0) + " option requires BuildKit. Refer to "
                    + "https://docs.docker.com/go/buildkit/ to learn how to build images with BuildKit enabled");
        }
        List<String> cmd = runCommand(r);
        Map<String, String> args = stage.runArgs();
        String createdBy = runCreatedBy(cmd, args);
        if (stage.cached(createdBy, stage.config)) {
            return;
        }
        String cid = run.containers.create(stage.imageId, cmd, StepContainers.argEnv(args), stage.config.user(),
                stage.config.workingDir());
        run.print(" ---> Running in " + BuildRun.shortId(cid) + "\n");
        int code;
        try {
            code = run.containers.run(cid, run.out, run.quiet, run.clientGone);
        } catch (RuntimeException e) {
            run.containers.remove(cid);
            throw e;
        }
        if (code != 0) {
            if (run.forceRemove) {
                run.containers.remove(cid);
                run.print("Removing intermediate container " + BuildRun.shortId(cid) + "\n");
            }
            throw new BuildFailedException("The command '" + String.join(" ", cmd)
                    + "' returned a non-zero code: " + code, code);
        }
        commitLayer(cid, createdBy);
        stage.finishContainer(cid);
    }

    /** RUN's history entry, dockerd's: the build args it saw ({@code |N k=v …}), then its argv. */
    private static String runCreatedBy(List<String> cmd, Map<String, String> args) {
        StringBuilder createdBy = new StringBuilder();
        if (!args.isEmpty()) {
            createdBy.append('|').append(args.size());
            args.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> createdBy.append(' ').append(e.getKey()).append('=').append(e.getValue()));
            createdBy.append(' ');
        }
        return createdBy.append(String.join(" ", cmd)).toString();
    }

    /** RUN's argv: exec form as is; shell form through SHELL; a here-document as the script it holds. */
    private List<String> runCommand(Instruction.Run r) {
        if (r.heredocs().isEmpty() || !r.command().shellForm()) {
            return stage.command(r.command());
        }
        String line = r.command().args().isEmpty() ? "" : r.command().args().get(0).strip();
        String script;
        Heredoc first = r.heredocs().get(0);
        if (r.heredocs().size() == 1 && line.matches("<<-?[\"']?" + Pattern.quote(first.name()) + "[\"']?")) {
            script = first.text();
        } else {
            StringBuilder s = new StringBuilder(line);
            for (Heredoc h : r.heredocs()) {
                s.append('\n').append(h.content()).append(h.name());
            }
            script = s.toString();
        }
        List<String> cmd = new ArrayList<>(stage.shell);
        cmd.add(script);
        return cmd;
    }

    void copy(Instruction.Copy c) {
        copyAdd.copy(c);
    }

    void add(Instruction.Add a) {
        copyAdd.add(a);
    }

    void workdir(Instruction.Workdir w) {
        String path = Path.of(CopySources.absolute(w.path(), stage.config.workingDir())).normalize().toString();
        String createdBy = "/bin/sh -c #(nop) WORKDIR " + path;
        if (stage.cached(createdBy, stage.config.withWorkingDir(path))) {
            return;
        }
        String cid = run.containers.create(stage.imageId, List.of("/bin/sh", "-c", "#(nop) WORKDIR " + path),
                List.of(), stage.config.user(), stage.config.workingDir());
        run.print(" ---> Running in " + BuildRun.shortId(cid) + "\n");
        stage.config = stage.config.withWorkingDir(path);
        if (!path.equals("/") && !exists(cid, path)) {
            try {
                Path tar = Files.createTempFile(run.scratch, "workdir-", ".tar");
                try {
                    try (OutputStream out = Files.newOutputStream(tar)) {
                        CopyTar t = new CopyTar(out, 0, 0, null, p -> exists(cid, p));
                        t.directory(path);
                        t.finish();
                    }
                    try (InputStream in = Files.newInputStream(tar)) {
                        run.containers.backend().extract(cid, "/", false, false, in);
                    }
                } finally {
                    Files.deleteIfExists(tar);
                }
            } catch (IOException e) {
                run.containers.remove(cid);
                throw EngineException.unavailable("WORKDIR failed: " + e.getMessage(), e);
            }
            commitLayer(cid, createdBy);
        } else {
            stage.imageId = run.commits.commitConfig(stage.imageId, stage.config, createdBy, stage.author);
        }
        stage.finishContainer(cid);
    }

    void commitLayer(String cid, String createdBy) {
        stage.imageId = run.commits.commitStep(new ImageCommitWorkflow.Request(cid, stage.imageId,
                run.snapshotter.upperDir(cid), stage.config, createdBy, List.of(), null, stage.author, null, null));
    }

    boolean exists(String cid, String path) {
        try {
            run.containers.backend().statPath(cid, path);
            return true;
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    boolean isDir(String cid, String path) {
        try {
            ContainerPathStat st = run.containers.backend().statPath(cid, path);
            return (st.mode() & (1L << 31)) != 0;
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    static int octal(String chmod) {
        try {
            int m = Integer.parseInt(chmod, 8);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid chmod parameter: " + chmod + ". it should be octal string and between 0 and 07777");
        }
    }
}
