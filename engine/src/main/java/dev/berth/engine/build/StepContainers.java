package dev.berth.engine.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.backend.AttachHandle;
import dev.berth.api.backend.AttachOptions;
import dev.berth.api.backend.BuildResources;
import dev.berth.api.backend.ContainerBackend;
import dev.berth.api.backend.OutputSink;
import dev.berth.api.backend.ProgressSink;
import dev.berth.api.model.ContainerCreateRequest;
import dev.berth.api.model.WaitResponse;
import dev.berth.spi.EngineException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The containers a build makes, through the same container backend the API uses, so a RUN step
 * is an ordinary container (runtime driver, default network or the build's --network, the image's
 * env plus the build args in effect). The command goes in as the entrypoint: an image's own
 * ENTRYPOINT must not wrap a RUN.
 */
final class StepContainers {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ContainerBackend containers;
    private final BuildSettings settings;

    StepContainers(ContainerBackend containers, BuildSettings settings) {
        this.containers = containers;
        this.settings = settings;
    }

    /** Creates (does not start) a container of {@code imageId} that would run {@code command}. */
    String create(String imageId, List<String> command, List<String> extraEnv, String user, String workdir) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Image", imageId);
        body.put("Entrypoint", command);
        body.put("Cmd", List.of());
        body.put("Env", extraEnv);
        body.put("User", user == null ? "" : user);
        body.put("WorkingDir", workdir == null ? "" : workdir);
        body.put("AttachStdout", true);
        body.put("AttachStderr", true);
        Map<String, Object> host = new LinkedHashMap<>();
        String network = settings.networkMode();
        host.put("NetworkMode", network.isEmpty() || network.equals("default") ? "bridge" : network);
        if (!settings.extraHosts().isEmpty()) {
            host.put("ExtraHosts", settings.extraHosts());
        }
        if (!settings.ulimits().isEmpty()) {
            host.put("Ulimits", settings.ulimits());
        }
        if (settings.shmSize() > 0) {
            host.put("ShmSize", settings.shmSize());
        }
        limits(host, settings.resources());
        body.put("HostConfig", host);
        ContainerCreateRequest request = MAPPER.convertValue(body, ContainerCreateRequest.class);
        return containers.create(null, request).id();
    }

    /** The build's limits as the HostConfig fields a container create takes (and checks). */
    private static void limits(Map<String, Object> host, BuildResources r) {
        putIfSet(host, "Memory", r.memory());
        putIfSet(host, "MemorySwap", r.memorySwap());
        putIfSet(host, "CpuShares", r.cpuShares());
        putIfSet(host, "CpuPeriod", r.cpuPeriod());
        putIfSet(host, "CpuQuota", r.cpuQuota());
        if (!r.cpusetCpus().isEmpty()) {
            host.put("CpusetCpus", r.cpusetCpus());
        }
        if (!r.cgroupParent().isEmpty()) {
            host.put("CgroupParent", r.cgroupParent());
        }
    }

    private static void putIfSet(Map<String, Object> host, String field, long value) {
        if (value != 0) {
            host.put(field, value);
        }
    }

    /**
     * Starts the container with its output streamed to {@code out}, and waits for it. A client that
     * goes away kills it (the caller removes it). Returns the exit code.
     */
    int run(String id, ProgressSink out, boolean quiet, BooleanSupplier clientGone) {
        CountDownLatch ended = new CountDownLatch(1);
        OutputSink sink = new OutputSink() {
            @Override
            public boolean write(Stream stream, byte[] data) {
                if (!quiet) {
                    out.stream(new String(data, StandardCharsets.UTF_8));
                }
                return true;
            }

            @Override
            public void end() {
                ended.countDown();
            }
        };
        CompletableFuture<WaitResponse> exit = containers.await(id, "next-exit").toCompletableFuture();
        AttachHandle attach = containers.attach(id, new AttachOptions(true, false, false, true, true), sink);
        try {
            containers.start(id);
            while (true) {
                try {
                    WaitResponse r = exit.get(500, TimeUnit.MILLISECONDS);
                    // The exit may be seen before the last output is read: the attach ends after it.
                    ended.await(10, TimeUnit.SECONDS);
                    return (int) r.statusCode();
                } catch (TimeoutException e) {
                    if (clientGone.getAsBoolean()) {
                        throw new BuildCancelled();
                    }
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re
                            : EngineException.internal("waiting for the step failed", e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildCancelled();
        } finally {
            attach.close();
        }
    }

    /** Removes the container, running or not. */
    void remove(String id) {
        containers.remove(id, true, true);
    }

    ContainerBackend backend() {
        return containers;
    }

    /** The RUN container's environment: the build args in effect that no ENV overrides. */
    static List<String> argEnv(Map<String, String> args) {
        List<String> out = new ArrayList<>();
        args.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** The client went away: the build stops and its containers are removed. */
    static final class BuildCancelled extends RuntimeException {
        BuildCancelled() {
            super("Build cancelled", null, false, false);
        }
    }
}
