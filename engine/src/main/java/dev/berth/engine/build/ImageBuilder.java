package dev.berth.engine.build;

import dev.berth.actors.image.ImageCommitWorkflow;
import dev.berth.actors.image.ImageService;
import dev.berth.api.backend.BuildRequest;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.ImageBackend;
import dev.berth.api.backend.ProgressSink;
import dev.berth.dockerfile.DockerIgnore;
import dev.berth.dockerfile.Dockerfile;
import dev.berth.dockerfile.DockerfileException;
import dev.berth.dockerfile.Instruction;
import dev.berth.dockerfile.Stage;
import dev.berth.dockerfile.WordExpander;
import dev.berth.image.Reference;
import dev.berth.image.Snapshotter;
import dev.berth.spi.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/**
 * {@code docker build} with dockerd's classic builder semantics and output: the context is
 * unpacked to disk, the Dockerfile parsed (errors before any output are the request's 400),
 * then every stage up to --target is built step by step, printing "Step n/m : …" and
 * " ---> id" lines, and the result is tagged.
 */
public final class ImageBuilder {
    private final ContainerBackend containers;
    private final ImageBackend imagesApi;
    private final ImageService images;
    private final ImageCommitWorkflow commits;
    private final Path dataRoot;

    public ImageBuilder(ContainerBackend containers, ImageBackend imagesApi, ImageService images,
                        ImageCommitWorkflow commits, Path dataRoot) {
        this.containers = containers;
        this.imagesApi = imagesApi;
        this.images = images;
        this.commits = commits;
        this.dataRoot = dataRoot;
        // Contexts and staging tars a crashed daemon left behind: no build runs before this.
        BuildContext.deleteTree(scratch());
    }

    private Path scratch() {
        return dataRoot.resolve("tmp").resolve("build");
    }

    public void build(InputStream body, BuildRequest request, ProgressSink out, BooleanSupplier clientGone) {
        List<Reference> tags = new ArrayList<>();
        for (String t : request.tags()) {
            Reference ref = Reference.parse(t);
            if (ref.digest() != null) {
                throw EngineException.invalid("invalid reference format");
            }
            tags.add(ref);
        }
        Path scratch = scratch();
        try (BuildContext context = BuildContext.extract(body, scratch)) {
            Dockerfile dockerfile = parse(context, request.dockerfile(), request.labels());
            List<Stage> all = dockerfile.stages();
            if (all.isEmpty()) {
                throw EngineException.invalid("No image was generated. Is your Dockerfile empty?");
            }
            Stage target = all.get(all.size() - 1);
            if (!request.target().isEmpty()) {
                target = dockerfile.stage(request.target()).orElseThrow(() -> EngineException.invalid(
                        "failed to reach build target " + request.target() + " in Dockerfile"));
            }
            List<Stage> stages = StagePlan.needed(all, target);
            StepContainers steps = new StepContainers(containers,
                    new BuildSettings(request.networkMode(), request.extraHosts(), request.shmSize(), request.ulimits(),
                            request.resources()));
            BuildRun run = new BuildRun(out, request.quiet(), request.remove(), request.forceRemove(), context, steps,
                    images, imagesApi, commits, new Snapshotter(dataRoot), scratch, request.buildArgs(), clientGone,
                    dockerfile.escape(), new BuildCache(images, commits, request.noCache(),
                            BuildCache.sources(images, request.cacheFrom())));
            run.registryConfig = request.registryConfig();
            run.pull = request.pull();
            dockerfile.warnings().forEach(w -> run.print(w + "\n"));
            String imageId = steps(run, dockerfile, stages);
            List<String> unused = run.unconsumedArgs();
            if (!unused.isEmpty()) {
                run.print("[Warning] One or more build-args [" + String.join(" ", unused) + "] were not consumed\n");
            }
            run.print("Successfully built " + BuildRun.shortId(imageId) + "\n");
            for (Reference tag : tags) {
                images.tagReference(tag, imageId);
                run.print("Successfully tagged " + ImageService.familiar(tag.toString()) + "\n");
            }
            if (request.quiet()) {
                out.stream(imageId + "\n");
            }
        }
    }

    private String steps(BuildRun run, Dockerfile dockerfile, List<Stage> stages) {
        int total = dockerfile.metaArgs().size() + stages.size();
        for (Stage s : stages) {
            total += s.instructions().size();
        }
        int step = 1;
        Map<String, String> metaArgs = new LinkedHashMap<>();
        for (Instruction.Arg arg : dockerfile.metaArgs()) {
            run.print("Step " + step++ + "/" + total + " : " + arg.source().text() + "\n");
            for (Instruction.ArgDecl d : arg.args()) {
                String value = run.buildArgs.get(d.name());
                if (run.buildArgs.containsKey(d.name())) {
                    run.consumedArgs.add(d.name());
                }
                if (value == null) {
                    value = d.defaultValue().map(v -> new WordExpander(run.escape, metaArgs).expand(v)).orElse(null);
                }
                if (value != null) {
                    metaArgs.put(d.name(), value);
                }
            }
        }
        String imageId = null;
        for (Stage s : stages) {
            checkGone(run);
            run.print("Step " + step++ + "/" + total + " : " + s.source().text() + "\n");
            StageBuilder stage = new StageBuilder(run);
            stage.from(s, metaArgs);
            run.print(" ---> " + (stage.scratch ? "" : BuildRun.shortId(stage.imageId)) + "\n");
            for (Instruction i : s.instructions()) {
                checkGone(run);
                run.print("Step " + step++ + "/" + total + " : " + i.source().text() + "\n");
                stage.dispatch(i);
                run.print(" ---> " + BuildRun.shortId(stage.imageId) + "\n");
            }
            run.out.aux(Map.of("ID", stage.imageId));
            run.stageImages.put(String.valueOf(s.index()), stage.imageId);
            s.name().ifPresent(n -> run.stageImages.put(n, stage.imageId));
            imageId = stage.imageId;
        }
        return imageId;
    }

    private static void checkGone(BuildRun run) {
        if (run.clientGone.getAsBoolean()) {
            throw new StepContainers.BuildCancelled();
        }
    }

    /** Reads and parses the Dockerfile; --label becomes a LABEL step at the end, as in dockerd. */
    private static Dockerfile parse(BuildContext context, String name, Map<String, String> labels) {
        String text;
        try {
            text = context.read(name);
            Path ignoreFile = context.root().resolve(".dockerignore");
            if (Files.isRegularFile(ignoreFile)) {
                // dockerd drops the Dockerfile and .dockerignore from the context when .dockerignore excludes them.
                DockerIgnore ignore = DockerIgnore.parse(Files.readString(ignoreFile));
                if (ignore.excludes(name)) {
                    Files.deleteIfExists(context.resolve(name));
                }
                if (ignore.excludes(".dockerignore")) {
                    Files.deleteIfExists(ignoreFile);
                }
            }
        } catch (IOException e) {
            throw EngineException.invalid("unexpected error reading Dockerfile: " + e.getMessage());
        }
        if (text == null) {
            throw EngineException.invalid("Cannot locate specified Dockerfile: " + name);
        }
        if (text.isEmpty()) {
            throw EngineException.invalid("the Dockerfile (" + name + ") cannot be empty");
        }
        if (!labels.isEmpty()) {
            StringBuilder line = new StringBuilder("\nLABEL");
            new TreeMap<>(labels).forEach((k, v) -> line.append(' ').append('"').append(k.replace("\"", "\\\""))
                    .append("\"='").append(v.replace("'", "")).append('\''));
            text = text.endsWith("\n") ? text + line.substring(1) + "\n" : text + line + "\n";
        }
        try {
            return Dockerfile.parse(text, name);
        } catch (DockerfileException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }
}
