package dev.berth.persistence;

import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.ContainerConfig;
import dev.berth.persistence.container.ContainerEvent;
import dev.berth.persistence.container.CpuRealtime;
import dev.berth.persistence.container.ContainerHealth;
import dev.berth.persistence.container.ContainerInfo;
import dev.berth.persistence.container.ContainerState;
import dev.berth.persistence.container.GivenAs;
import dev.berth.persistence.container.ImageMount;
import dev.berth.persistence.container.HealthStatus;
import dev.berth.persistence.container.Healthcheck;
import dev.berth.persistence.container.Blkio;
import dev.berth.persistence.container.DeviceCgroupRule;
import dev.berth.persistence.container.DeviceMapping;
import dev.berth.persistence.container.HostConfig;
import dev.berth.persistence.container.HostConfigUpdate;
import dev.berth.persistence.container.LogConfig;
import dev.berth.persistence.container.NetworkRequest;
import dev.berth.persistence.container.PortBinding;
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.persistence.container.VolumeBind;
import dev.berth.persistence.image.ImageEvent;
import dev.berth.persistence.image.ImageState;
import dev.berth.persistence.image.TagEvent;
import dev.berth.persistence.image.TagState;
import dev.berth.persistence.names.NameEvent;
import dev.berth.persistence.names.NameState;
import dev.berth.persistence.network.Endpoint;
import dev.berth.persistence.network.NetworkConfig;
import dev.berth.persistence.network.NetworkEvent;
import dev.berth.persistence.network.NetworkState;
import dev.berth.persistence.plugin.PluginEvent;
import dev.berth.persistence.plugin.PluginState;
import dev.berth.persistence.volume.VolumeConfig;
import dev.berth.persistence.volume.VolumeEvent;
import dev.berth.persistence.volume.VolumeMount;
import dev.berth.persistence.volume.VolumeState;
import dev.berth.spi.Caller;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Fixed instances of every persisted type, each with its golden fixture path. */
public final class Samples {
    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    public static final Instant T1 = Instant.parse("2024-05-01T10:00:01.250Z");
    public static final Instant T2 = Instant.parse("2024-05-01T10:00:05Z");
    public static final String ID = "4f66ad9a0b2e2d0c6a1b0f3e4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f";
    public static final String IMAGE_ID = "sha256:ba5dc23f65d4cc4a4535bce4ebc3e2d8f6ff1fa4a8a25e31cab2bd3e0a3c98a1";
    public static final String OTHER_IMAGE_ID = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    public static final String EXEC_ID = "9d2c0b1a8e7f6d5c4b3a29181716151413121110f0e0d0c0b0a0908070605040";

    public static ContainerConfig config() {
        return new ContainerConfig("busybox", "4f66ad9a0b2e", "", "1000:1000",
                List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "A=1"),
                List.of("sh", "-c", "echo hi"), List.of(), "/work",
                Map.of("com.example.team", "infra", "com.docker.compose.project", "demo"),
                List.of("80/tcp"), List.of("/data"), false, true, "SIGTERM", 5L);
    }

    static ContainerConfig withHealthcheck(ContainerConfig c) {
        return new ContainerConfig(c.image(), c.hostname(), c.domainname(), c.user(), c.env(), c.cmd(), c.entrypoint(),
                c.workingDir(), c.labels(), c.exposedPorts(), c.volumes(), c.tty(), c.openStdin(), c.stopSignal(),
                c.stopTimeout(), c.stdinOnce(), new Healthcheck(List.of("CMD-SHELL", "test -f /ready"), 1_000_000_000L,
                        500_000_000L, 0L, 100_000_000L, 2));
    }

    public static HostConfig hostConfig() {
        return HostConfig.builder()
                .networkMode("bridge")
                .memory(268435456L)
                .memorySwap(-1L)
                .nanoCpus(500000000L)
                .cpuShares(512L)
                .pidsLimit(100L)
                .readonlyRootfs(true)
                .tmpfs(List.of(new TmpfsMount("/run", List.of("rw", "size=64m"))))
                .capAdd(List.of("NET_ADMIN"))
                .capDrop(List.of("MKNOD"))
                .securityOpt(List.of("no-new-privileges"))
                .dns(List.of("1.1.1.1"))
                .dnsSearch(List.of("example.com"))
                .dnsOptions(List.of("ndots:2"))
                .extraHosts(List.of("db:10.0.0.5"))
                .binds(List.of(new BindMount("/srv/data", "/data", List.of(BindMount.Option.RO))))
                .portBindings(List.of(new PortBinding(80, PortBinding.Protocol.TCP, "127.0.0.1", 8080),
                        new PortBinding(80, PortBinding.Protocol.TCP, "", 8081)))
                .restartPolicy(new RestartPolicy(RestartPolicy.Name.ON_FAILURE, 3))
                .build();
    }

    public static ContainerEvent.Created created() {
        return new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"),
                config(), hostConfig(), List.of(networkRequest()));
    }

    public static NetworkRequest networkRequest() {
        return new NetworkRequest("7d1c3e5f9a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d", "backend",
                "172.20.0.9", List.of("www"));
    }

    public static ContainerInfo info() {
        return new ContainerInfo(ID, "web", T0, IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"),
                config(), hostConfig(), T1, T2, 137, true, "", 2, List.of(networkRequest()));
    }

    public static VolumeConfig volume() {
        return new VolumeConfig("pgdata", "local", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m"),
                Map.of("team", "db"), false);
    }

    public static VolumeMount volumeMount() {
        return new VolumeMount(ID, "/var/lib/postgresql/data", true, "");
    }

    public static VolumeState.Active activeVolume() {
        return new VolumeState.Active(volume(), T0, Set.of(ID), Map.of(ID, volumeMount()));
    }

    public static NetworkConfig network() {
        return new NetworkConfig("7d1c3e5f9a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d", "backend", "bridge",
                "172.20.0.0/16", "172.20.0.1", "", false, false, "br-7d1c3e5f9a2b",
                Map.of("com.docker.network.bridge.name", "br-7d1c3e5f9a2b"), Map.of("team", "db"));
    }

    public static Endpoint endpoint() {
        return new Endpoint(ID, "web", "172.20.0.2", "02:42:ac:14:00:02", List.of("www"),
                List.of(new Endpoint.PortBinding("127.0.0.1", 8080, 80, "tcp")));
    }

    public static ImageEvent.Stored stored() {
        return new ImageEvent.Stored(T0, IMAGE_ID, "import", Instant.parse("2023-07-18T23:19:33.655005962Z"),
                "amd64", "linux",
                List.of(new ImageEvent.Layer(
                        "sha256:3d24ee258efc3bfe4066a1a9fb83febf6dc0b1548dfe896161533668281c9f4f",
                        "sha256:3d24ee258efc3bfe4066a1a9fb83febf6dc0b1548dfe896161533668281c9f4f",
                        "sha256:809d8e20e2037e9cdbb8cba3a5e5cfa5e3ecdd1aa8d4d1af8dbd66a7b4d8ac2e",
                        4261550L)),
                4261550L, Map.of("maintainer", "berth"));
    }

    public static ImageEvent.Stored storedByPull() {
        var s = stored();
        return new ImageEvent.Stored(T0, s.id(), "pull", s.created(), "arm64", "linux", s.layers(), s.size(),
                s.labels(), "v8", List.of("127.0.0.1:5000/x/busybox@sha256:"
                        + "7b3ccabffc97de872a30dfd234fd972a66d247c8cfc69b0550f276481852627c"),
                "127.0.0.1:5000/x/busybox:v1");
    }

    /** fixture path under {@code golden/} → instance, in a stable order. */
    public static Map<String, BerthSerializable> all() {
        var all = new LinkedHashMap<String, BerthSerializable>();
        all.put("container/event-created", created());
        all.put("container/event-created-with-log-config", new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().toBuilder().logConfig(new LogConfig(LogConfig.Driver.LOCAL,
                        Map.of("max-size", "10k", "max-file", "3"))).build(), List.of(networkRequest())));
        all.put("container/event-start-requested", new ContainerEvent.StartRequested(T1));
        all.put("container/event-started", new ContainerEvent.Started(T1, 4242));
        all.put("container/event-start-failed", new ContainerEvent.StartFailed(T1,
                "exec: \"nope\": executable file not found in $PATH", 127));
        all.put("container/event-signal-sent", new ContainerEvent.SignalSent(T2, 1));
        all.put("container/event-stop-requested", new ContainerEvent.StopRequested(T2, 15, 10));
        all.put("container/event-exited", new ContainerEvent.Exited(T2, 137, true));
        all.put("container/event-renamed", new ContainerEvent.Renamed(T2, "web", "web-old"));
        // who asked (issue 15): a unix-socket caller, a TLS one, a plain-TCP one
        all.put("container/event-start-requested-by-unix-caller", new ContainerEvent.StartRequested(T1,
                new Caller(1000, 1000, 4711, "docker", null, null, "1.50", "Docker-Client/28.2.2 (linux)")));
        all.put("container/event-renamed-by-tls-caller", new ContainerEvent.Renamed(T2, "web", "web-old",
                new Caller(null, null, null, null, "alice", "192.0.2.7:51234", "1.49", "Docker-Client/28.2.2 (linux)")));
        all.put("network/event-created-by-tcp-caller", new NetworkEvent.Created(T0, network(),
                new Caller(null, null, null, null, null, "192.0.2.7:51234", "1.50", "curl/8.5.0")));
        // the rest of who (issue 15): exec, pause, update, cp, connect by a request; an exit by the engine
        Caller unix = new Caller(1000, 1000, 4711, "docker", null, null, "1.50", "Docker-Client/28.2.2 (linux)");
        all.put("container/event-exec-died-by-unix-caller", new ContainerEvent.ExecDied(T2, EXEC_ID, 3, unix));
        all.put("container/event-paused-by-unix-caller", new ContainerEvent.Paused(T2, unix));
        all.put("container/event-updated-by-unix-caller", new ContainerEvent.Updated(T2, new HostConfigUpdate(null,
                null, null, null, null, RestartPolicy.of("always", 0)), unix));
        all.put("container/event-archive-read-by-unix-caller", new ContainerEvent.ArchiveRead(T2, unix));
        all.put("container/event-network-connected-by-unix-caller", new ContainerEvent.NetworkConnected(T1,
                networkRequest(), unix));
        all.put("volume/event-mounted-by-unix-caller", new VolumeEvent.Mounted(T1, volumeMount(), unix));
        all.put("image/event-pulled-by-unix-caller", new ImageEvent.Pulled(T1, "busybox:latest",
                "busybox@sha256:" + "ab".repeat(32), "pull", unix));
        all.put("plugin/event-enabled-by-engine", new PluginEvent.Enabled(T0, "volume", "sample", "1.0",
                "sample.jar", CalledBy.ENGINE));
        all.put("container/event-exited-by-engine", new ContainerEvent.Exited(T2, 137, false, CalledBy.ENGINE));
        all.put("container/event-health-changed-by-engine", new ContainerEvent.HealthChanged(T2,
                HealthStatus.UNHEALTHY, 3, CalledBy.ENGINE));
        all.put("container/event-archive-read", new ContainerEvent.ArchiveRead(T2));
        all.put("container/event-archive-extracted", new ContainerEvent.ArchiveExtracted(T2));
        all.put("container/event-created-with-volumes", new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().withVolumes(List.of(
                        new VolumeBind("cache", "local", "/cache", List.of(BindMount.Option.NOCOPY), false, GivenAs.MOUNTS,
                                Map.of("size", "1m")),
                        new VolumeBind("5f3a9c1e0b7d4e2f8a6c3b1d9e0f7a2c4b6d8e1f3a5c7b9d0e2f4a6c8b1d3e5f", "",
                                "/scratch", List.of(), true, GivenAs.VOLUMES, Map.of()))), List.of(networkRequest())));
        all.put("container/event-created-with-mount-options", new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().withMounts(List.of(
                        new BindMount("/srv/data", "/data", List.of(BindMount.Option.RO), false, GivenAs.MOUNTS, false,
                                BindMount.ReadOnlyDepth.NON_RECURSIVE),
                        new BindMount("/srv/conf", "/conf", List.of(BindMount.Option.RO), false, GivenAs.MOUNTS, true,
                                BindMount.ReadOnlyDepth.RECURSIVE)),
                        List.of(new VolumeBind("site", "", "/site", List.of(), false, GivenAs.MOUNTS, Map.of(),
                                "public/html", Map.of("tier", "web")))).toBuilder()
                        .imageMounts(List.of(new ImageMount("busybox:latest", IMAGE_ID,
                                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"),
                                "/tools", "bin", true))).build(), List.of(networkRequest(),
                        new NetworkRequest("9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d7d1c3e5f9a2b4c6d8e0f1a3b5c7d", "frontend", "",
                                List.of(), "", 10))));
        all.put("container/event-created-with-devices", new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().toBuilder()
                        .devices(List.of(new DeviceMapping("/dev/fuse", "/dev/fuse", "rwm"),
                                new DeviceMapping("/dev/null", "/dev/mynull", "r")))
                        .deviceCgroupRules(List.of(DeviceCgroupRule.parse("c 42:* rmw")))
                        .build(), List.of(networkRequest())));
        all.put("container/event-created-with-blkio", new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().toBuilder()
                        .blkio(new Blkio(300, List.of(new Blkio.WeightDevice("/dev/vda", 500)),
                                List.of(new Blkio.ThrottleDevice("/dev/vda", 1048576)),
                                List.of(new Blkio.ThrottleDevice("/dev/vda", 2097152)),
                                List.of(new Blkio.ThrottleDevice("/dev/vda", 100)),
                                List.of(new Blkio.ThrottleDevice("/dev/vdb", 200))))
                        .build(), List.of(networkRequest())));
        all.put("container/event-removed", new ContainerEvent.Removed(T2));
        all.put("container/event-exec-created", new ContainerEvent.ExecCreated(T1, EXEC_ID, List.of("sh", "-c", "exit 3")));
        all.put("container/event-exec-started", new ContainerEvent.ExecStarted(T1, EXEC_ID, List.of("sh", "-c", "exit 3")));
        all.put("container/event-exec-died", new ContainerEvent.ExecDied(T2, EXEC_ID, 3));
        all.put("container/event-network-connected", new ContainerEvent.NetworkConnected(T1, networkRequest()));
        ContainerConfig c = config();
        all.put("container/event-created-network-disabled", new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"),
                new ContainerConfig(c.image(), c.hostname(), c.domainname(), c.user(), c.env(), c.cmd(), c.entrypoint(),
                        c.workingDir(), c.labels(), c.exposedPorts(), c.volumes(), c.tty(), c.openStdin(), c.stopSignal(),
                        c.stopTimeout(), false, null, true), hostConfig(), List.of()));
        all.put("container/event-created-with-attach-flags", new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"),
                new ContainerConfig(c.image(), c.hostname(), c.domainname(), c.user(), c.env(), c.cmd(), c.entrypoint(),
                        c.workingDir(), c.labels(), c.exposedPorts(), c.volumes(), true, true, c.stopSignal(),
                        c.stopTimeout(), false, null, false, new ContainerConfig.Attach(true, true, false)),
                hostConfig(), List.of()));
        all.put("container/event-network-connected-with-links", new ContainerEvent.NetworkConnected(T1,
                new NetworkRequest("7d1c3e5f9a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d", "backend", "",
                        List.of(), "", 0, List.of("db:database", "cache:cache"))));
        all.put("container/event-network-connected-with-driver-opts-and-link-local-ips", new ContainerEvent.NetworkConnected(T1,
                new NetworkRequest("7d1c3e5f9a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d", "backend", "",
                        List.of(), "", 0, List.of(), Map.of(NetworkRequest.SYSCTLS, "net.ipv4.conf.IFNAME.forwarding=1",
                        NetworkRequest.IFNAME, "side"), List.of("169.254.9.9"))));
        all.put("container/event-network-connected-with-ipv6", new ContainerEvent.NetworkConnected(T1,
                new NetworkRequest("7d1c3e5f9a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d", "backend", "",
                        List.of(), "", 0, List.of(), Map.of(), List.of(), "fd00:b1::100")));
        all.put("container/event-network-disconnected", new ContainerEvent.NetworkDisconnected(T2,
                networkRequest().networkId()));
        all.put("container/event-paused", new ContainerEvent.Paused(T2));
        all.put("container/event-unpaused", new ContainerEvent.Unpaused(T2));
        all.put("container/event-updated", new ContainerEvent.Updated(T2, new HostConfigUpdate(128L * 1024 * 1024,
                256L * 1024 * 1024, 1_500_000_000L, 512L, 0L, RestartPolicy.of("on-failure", 3), "0-1", "0")));
        all.put("container/event-updated-limits", new ContainerEvent.Updated(T2, new HostConfigUpdate(null, null, null,
                null, null, null, null, null, 50_000L, 100_000L, 64L * 1024 * 1024, 300)));
        all.put("container/event-updated-restart-only", new ContainerEvent.Updated(T2, new HostConfigUpdate(null, null,
                null, null, null, RestartPolicy.of("always", 0))));
        all.put("container/event-health-changed", new ContainerEvent.HealthChanged(T2, HealthStatus.UNHEALTHY, 3));
        all.put("container/event-created-with-healthcheck", new ContainerEvent.Created(T0, ID, "web", IMAGE_ID,
                List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"),
                withHealthcheck(config()), hostConfig(), List.of(networkRequest())));
        all.put("container/health", new ContainerHealth(HealthStatus.UNHEALTHY, 2, List.of(
                new ContainerHealth.Probe(T1, T1.plusMillis(12), 0, "ok\n"),
                new ContainerHealth.Probe(T2, T2.plusSeconds(1), -1, "Health check exceeded timeout (1s)"))));
        all.put("container/event-restart-scheduled", new ContainerEvent.RestartScheduled(T2, 400));
        all.put("container/event-restart-canceled", new ContainerEvent.RestartCanceled(T2));
        all.put("container/state-none", new ContainerState.None());
        all.put("container/state-created", new ContainerState.Created(info()));
        all.put("container/state-starting", new ContainerState.Starting(info()));
        all.put("container/state-starting-restarting", new ContainerState.Starting(info(), true));
        all.put("container/state-running", new ContainerState.Running(info(), 4242, true));
        all.put("container/state-running-paused", new ContainerState.Running(info(), 4242, false, true));
        all.put("container/state-stopped", new ContainerState.Stopped(info(), true));
        all.put("container/state-stopped-restarting", new ContainerState.Stopped(info(), false, true));
        all.put("container/state-running-signalled", new ContainerState.Running(info(), 4242, false, false, true));
        all.put("container/state-removed", new ContainerState.Removed(info()));
        all.put("image/event-stored", stored());
        all.put("image/event-removed", new ImageEvent.Removed(T2));
        all.put("image/event-stored-by-pull", storedByPull());
        all.put("image/event-pulled", new ImageEvent.Pulled(T1, "127.0.0.1:5000/x/busybox:v1",
                "127.0.0.1:5000/x/busybox@sha256:7b3ccabffc97de872a30dfd234fd972a66d247c8cfc69b0550f276481852627c",
                "pull"));
        all.put("image/state-present-pulled", new ImageState.Present(storedByPull()));
        all.put("image/state-none", new ImageState.None());
        all.put("image/state-present", new ImageState.Present(stored()));
        all.put("image/state-gone", new ImageState.Gone(stored()));
        all.put("tags/event-tagged", new TagEvent.Tagged(T1, "docker.io/library/busybox:latest", IMAGE_ID,
                OTHER_IMAGE_ID));
        all.put("tags/event-untagged", new TagEvent.Untagged(T2, "docker.io/library/busybox:latest", IMAGE_ID));
        all.put("tags/state", new TagState(Map.of("docker.io/library/busybox:latest", IMAGE_ID,
                "registry.example.com/team/app:1.0", OTHER_IMAGE_ID)));
        all.put("network/event-created", new NetworkEvent.Created(T0, network()));
        all.put("network/event-endpoint-joined", new NetworkEvent.EndpointJoined(T1, endpoint()));
        all.put("network/event-endpoint-ports-set", new NetworkEvent.EndpointPortsSet(T2, ID,
                List.of(new Endpoint.PortBinding("", 8080, 80, "tcp"))));
        all.put("network/event-endpoint-renamed", new NetworkEvent.EndpointRenamed(T2, ID, "web2"));
        all.put("network/event-endpoint-joined-as-eth2", new NetworkEvent.EndpointJoined(T1, new Endpoint(ID, "web",
                "172.20.0.2", "02:42:ac:14:00:02", List.of(), List.of(), "eth2")));
        all.put("network/event-endpoint-joined-with-links", new NetworkEvent.EndpointJoined(T1, new Endpoint(ID, "web",
                "172.20.0.2", "02:42:ac:14:00:02", List.of(), List.of(), "eth0", List.of("db:database"))));
        all.put("network/event-endpoint-joined-with-ipv6", new NetworkEvent.EndpointJoined(T1, new Endpoint(ID, "web",
                "172.20.0.2", "02:42:ac:14:00:02", List.of(), List.of(), "eth0", List.of(), "fd00:b1::2")));
        all.put("network/event-endpoint-left", new NetworkEvent.EndpointLeft(T2, ID));
        NetworkConfig n = network();
        all.put("network/event-created-with-aux-addresses", new NetworkEvent.Created(T0, new NetworkConfig(n.id(),
                n.name(), n.driver(), n.subnet(), n.gateway(), "172.20.128.0/17", false, false, n.bridgeName(),
                Map.of("com.docker.network.bridge.enable_icc", "false"), n.labels(),
                Map.of("router", "172.20.0.2", "printer", "172.20.0.3"))));
        all.put("network/event-created-with-ipv6", new NetworkEvent.Created(T0, new NetworkConfig(n.id(),
                n.name(), n.driver(), n.subnet(), n.gateway(), "", false, false, n.bridgeName(), n.options(), n.labels(),
                Map.of(), "fd00:b1::/64", "fd00:b1::1")));
        all.put("network/event-created-attachable", new NetworkEvent.Created(T0, new NetworkConfig(n.id(),
                n.name(), n.driver(), n.subnet(), n.gateway(), "", false, false, n.bridgeName(), n.options(), n.labels(),
                Map.of(), "", "", true)));
        all.put("network/event-created-config-only", new NetworkEvent.Created(T0, new NetworkConfig(n.id(),
                "lancfg", "null", "192.168.1.0/24", "192.168.1.1", "192.168.1.128/25", false, false, "",
                Map.of("parent", "eth0"), Map.of("site", "a"), Map.of(), "", "", false, true, "")));
        all.put("network/event-created-from-config", new NetworkEvent.Created(T0, new NetworkConfig(n.id(),
                "lan", "macvlan", "192.168.1.0/24", "192.168.1.1", "192.168.1.128/25", false, false, "br-" + n.id().substring(0, 12),
                Map.of("parent", "eth0"), Map.of("site", "a"), Map.of(), "", "", false, false, "lancfg")));
        all.put("network/event-removed", new NetworkEvent.Removed(T2));
        all.put("network/event-readdressed", new NetworkEvent.Readdressed(T2, "10.99.0.0/24", "10.99.0.1"));
        all.put("network/event-readdressed-ipv6", new NetworkEvent.Readdressed(T2, "10.99.0.0/24", "10.99.0.1",
                "fd00:99::/64", "fd00:99::1"));
        all.put("network/state-none", new NetworkState.None());
        all.put("network/state-active", new NetworkState.Active(network(), T0, Map.of(ID, endpoint())));
        all.put("network/state-gone", new NetworkState.Gone(network()));
        all.put("snapshot/read-models", new ReadModelSnapshot(1234, Map.of("container|" + ID, new ContainerState.Running(info(), 4242, false)),
                Map.of("image|" + IMAGE_ID, new ImageState.Present(stored())),
                new TagState(Map.of("docker.io/library/busybox:latest", IMAGE_ID)),
                Map.of("network|" + network().id(), new NetworkState.Active(network(), T0, Map.of(ID, endpoint()))),
                Map.of("volume|" + volume().name(), activeVolume())));
        all.put("plugin/event-enabled", new PluginEvent.Enabled(T0, "volume", "sshfs", "1.2.0", "sshfs.jar"));
        all.put("plugin/event-disabled", new PluginEvent.Disabled(T1, "volume", "sshfs",
                "no longer in the plugin directory"));
        all.put("plugin/event-load-failed", new PluginEvent.LoadFailed(T2, "jar", "future.jar", "3.0.0", "future.jar",
                "built for Berth SPI 9.0.0, berthd provides 1.0.0 (another major version)"));
        all.put("plugin/state", new PluginState(Map.of("volume/sshfs", new PluginEvent.Enabled(T0, "volume", "sshfs",
                "1.2.0", "sshfs.jar"))));
        all.put("volume/event-created", new VolumeEvent.Created(T0, volume()));
        all.put("volume/event-created-anonymous", new VolumeEvent.Created(T0, new VolumeConfig(
                "9f1c3e5f9a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d", "local", Map.of(),
                Map.of("com.docker.volume.anonymous", ""), true)));
        all.put("volume/event-used", new VolumeEvent.Used(T1, ID));
        all.put("volume/event-released", new VolumeEvent.Released(T2, ID));
        all.put("volume/event-mounted", new VolumeEvent.Mounted(T1, volumeMount()));
        all.put("volume/event-unmounted", new VolumeEvent.Unmounted(T2, ID));
        all.put("volume/event-removed", new VolumeEvent.Removed(T2));
        all.put("volume/state-none", new VolumeState.None());
        all.put("volume/state-active", activeVolume());
        all.put("volume/state-gone", new VolumeState.Gone(volume()));
        all.put("names/event-reserved", new NameEvent.Reserved(T0, "web", ID));
        all.put("names/event-released", new NameEvent.Released(T2, "web", ID));
        all.put("names/state", new NameState(Map.of("web", ID, "db", OTHER_IMAGE_ID.substring(7))));
        all.put("tags/state-with-tag-times", new TagState(Map.of("docker.io/library/busybox:latest", IMAGE_ID,
                "registry.example.com/team/app:1.0", OTHER_IMAGE_ID), Map.of(IMAGE_ID, T1, OTHER_IMAGE_ID, T2)));
        // last: FixtureEntity replays the first seven container events, which the old plugin wrote
        all.put("container/event-created-with-swappiness-and-annotations", new ContainerEvent.Created(T0, ID, "web",
                IMAGE_ID, List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().toBuilder().memorySwappiness(10L)
                        .annotations(Map.of("org.example.owner", "team-a", "io.kubernetes.cri.container-type", "x"))
                        .build(), List.of(networkRequest())));
        all.put("container/event-created-with-console-size", new ContainerEvent.Created(T0, ID, "web",
                IMAGE_ID, List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().toBuilder().consoleSize(List.of(31, 97)).build(), List.of(networkRequest())));
        all.put("container/event-created-with-host-port-range", new ContainerEvent.Created(T0, ID, "web",
                IMAGE_ID, List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().toBuilder().portBindings(List.of(
                        new PortBinding(80, PortBinding.Protocol.TCP, "127.0.0.1", 8000, 8010))).build(),
                List.of(networkRequest())));
        all.put("container/event-created-with-cpu-realtime", new ContainerEvent.Created(T0, ID, "web",
                IMAGE_ID, List.of("sha256:aaaa000000000000000000000000000000000000000000000000000000000000"), config(),
                hostConfig().toBuilder().cpuRealtime(new CpuRealtime(500_000, 20_000)).build(),
                List.of(networkRequest())));
        all.put("container/event-updated-cpu-realtime", new ContainerEvent.Updated(T2, new HostConfigUpdate(null, null,
                null, null, null, null, null, null, null, null, null, null, null, 30_000L)));
        return all;
    }

    private Samples() {}
}
