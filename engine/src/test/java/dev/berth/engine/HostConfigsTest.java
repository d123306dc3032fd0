package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.model.HostConfig;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.PortBinding;
import dev.berth.persistence.container.RestartPolicy;
import dev.berth.persistence.container.TmpfsMount;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostConfigsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HostConfig body(String json) throws Exception {
        return JSON.readValue(json, HostConfig.class);
    }

    @Test
    void parse_dockerCliBody_typedRecords() throws Exception {
        var h = HostConfigs.parse(body("""
                {"Binds":["/srv:/data:ro"],"Tmpfs":{"/run":"rw,size=64m"},
                 "PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}],"53/udp":[{"HostIp":"127.0.0.1","HostPort":""}]},
                 "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}}"""), 2);
        assertThat(h.binds()).containsExactly(new BindMount("/srv", "/data", List.of(BindMount.Option.RO)));
        assertThat(h.tmpfs()).containsExactly(new TmpfsMount("/run", List.of("rw", "size=64m")));
        assertThat(h.portBindings()).containsExactly(new PortBinding(80, PortBinding.Protocol.TCP, "", 8080),
                new PortBinding(53, PortBinding.Protocol.UDP, "127.0.0.1", 0));
        assertThat(h.restartPolicy()).isEqualTo(new RestartPolicy(RestartPolicy.Name.ON_FAILURE, 3));
    }

    @Test
    void parse_goIntsBeyondJavaInt_dockerdsRangeMessage_orKeptWhole() throws Exception {
        // OomScoreAdj and MaximumRetryCount are Go ints: never wrapped into Java's int range
        assertInvalid("{\"OomScoreAdj\":3000000000}", "Invalid value 3000000000, range for oom score adj is [-1000, 1000]");
        assertInvalid("{\"OomScoreAdj\":-4294966296}", "Invalid value -4294966296, range for oom score adj is [-1000, 1000]");
        assertInvalid("{\"OomScoreAdj\":1001}", "Invalid value 1001, range for oom score adj is [-1000, 1000]");
        assertThat(HostConfigs.parse(body("{\"OomScoreAdj\":-1000}"), 2).oomScoreAdj()).isEqualTo(-1000);
        var h = HostConfigs.parse(body("{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3000000000}}"), 2);
        assertThat(h.restartPolicy()).isEqualTo(new RestartPolicy(RestartPolicy.Name.ON_FAILURE, 3_000_000_000L));
        assertThat(HostConfigs.render(h).restartPolicy().maximumRetryCount()).isEqualTo(3_000_000_000L);
        assertInvalid("{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":-3000000000}}",
                "invalid restart policy: maximum retry count cannot be negative");
        // Ulimits' Soft and Hard are Go int64s: beyond them (or not a whole number) is Go's unmarshal error
        assertInvalid("{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":99999999999999999999,\"Hard\":1}]}",
                "json: cannot unmarshal number 99999999999999999999 into Go struct field Ulimit.HostConfig.Ulimits.Soft of type int64");
        assertInvalid("{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":1,\"Hard\":\"2\"}]}",
                "json: cannot unmarshal string into Go struct field Ulimit.HostConfig.Ulimits.Hard of type int64");
    }

    @Test
    void parse_noHostConfig_defaults() {
        assertThat(HostConfigs.parse(null, 2)).isEqualTo(dev.berth.persistence.container.HostConfig.defaults());
    }

    @Test
    void parse_portWithoutBindings_anyHostPort() throws Exception {
        var h = HostConfigs.parse(body("{\"PortBindings\":{\"80/tcp\":[],\"81/tcp\":null}}"), 2);
        assertThat(h.portBindings()).containsExactly(new PortBinding(80, PortBinding.Protocol.TCP, "", 0),
                new PortBinding(81, PortBinding.Protocol.TCP, "", 0));
    }

    @Test
    void parse_badValues_400InDockersWords() {
        assertInvalid("{\"Binds\":[\"data:x\"]}", "invalid volume specification: 'data:x': invalid mount config for "
                + "type \"volume\": invalid mount path: 'x' mount path must be absolute");
        assertInvalid("{\"Binds\":[\"data:/x\",\"/srv:/x\"]}", "Duplicate mount point: /x");
        assertInvalid("{\"Binds\":[\"/\"]}", "invalid volume specification: '/': invalid mount config for type "
                + "\"volume\": invalid specification: destination can't be '/'");
        assertInvalid("{\"PortBindings\":{\"eighty/tcp\":[]}}", "invalid port specification: \"eighty\"");
        assertInvalid("{\"RestartPolicy\":{\"Name\":\"always\",\"MaximumRetryCount\":2}}",
                "invalid restart policy: maximum retry count can only be used with 'on-failure'");
        assertInvalid("{\"Tmpfs\":{\"/run\":\"bogus\"}}", "invalid tmpfs option [\"bogus\"]");
        assertInvalid("{\"Memory\":1024}", "Minimum memory limit allowed is 6MB");
    }

    @Test
    void parse_moreCpusThanTheHost_dockersMessage() {
        assertInvalid("{\"NanoCpus\":3000000000}", "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
        assertInvalid("{\"NanoCpus\":-1}", "Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available");
    }

    @Test
    void render_parsed_isWhatTheUserSent() throws Exception {
        String sent = """
                {"Binds":["/srv:/data:Z,ro","/a:/b"],"Tmpfs":{"/run":"rw,size=64m","/tmp":""},
                 "PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"},{"HostIp":"::1","HostPort":""}]},
                 "RestartPolicy":{"Name":"unless-stopped","MaximumRetryCount":0}}""";
        JsonNode shown = JSON.valueToTree(HostConfigs.render(HostConfigs.parse(body(sent), 2)));
        JsonNode expected = JSON.readTree(sent);
        for (String field : List.of("Binds", "Tmpfs", "PortBindings", "RestartPolicy")) {
            assertThat(shown.get(field).toString()).as(field).isEqualTo(expected.get(field).toString());
        }
    }

    @Test
    void parse_volumesInBinds_namedAndAnonymous_renderedBackAsGiven() throws Exception {
        String sent = "{\"Binds\":[\"/srv:/srv\",\"data:/d:ro\",\"/scratch\"],\"VolumeDriver\":\"sample\"}";
        var h = HostConfigs.parse(body(sent), 2);
        assertThat(h.binds()).extracting(b -> b.target()).containsExactly("/srv");
        assertThat(h.volumes()).extracting(v -> v.name() + "@" + v.target() + (v.anonymous() ? " anonymous" : ""))
                .containsExactly("data@/d", "@/scratch anonymous");
        assertThat(h.volumeDriver()).isEqualTo("sample");
        JsonNode shown = JSON.valueToTree(HostConfigs.render(h));
        assertThat(shown.get("Binds")).isEqualTo(JSON.readTree(sent).get("Binds"));
        assertThat(shown.get("VolumeDriver").asText()).isEqualTo("sample");
    }

    @Test
    void render_defaults_dockerdsFieldsInItsOrder() {
        JsonNode shown = JSON.valueToTree(HostConfigs.render(HostConfigs.parse(null, 2)));
        List<String> fields = new java.util.ArrayList<>();
        shown.fieldNames().forEachRemaining(fields::add);
        // dockerd 28's HostConfig struct (Resources embedded after Isolation); its omitempty fields
        // (Annotations, StorageOpt, Tmpfs, Sysctls, KernelMemory, KernelMemoryTCP, Mounts, Init) are left out
        assertThat(fields).containsExactly("Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings",
                "RestartPolicy", "AutoRemove", "VolumeDriver", "VolumesFrom", "ConsoleSize", "CapAdd", "CapDrop",
                "CgroupnsMode", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "IpcMode", "Cgroup", "Links",
                "OomScoreAdj", "PidMode", "Privileged", "PublishAllPorts", "ReadonlyRootfs", "SecurityOpt", "UTSMode",
                "UsernsMode", "ShmSize", "Runtime", "Isolation", "CpuShares", "Memory", "NanoCpus", "CgroupParent",
                "BlkioWeight", "BlkioWeightDevice", "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps",
                "BlkioDeviceWriteIOps", "CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime", "CpusetCpus",
                "CpusetMems", "Devices", "DeviceCgroupRules", "DeviceRequests", "MemoryReservation", "MemorySwap",
                "MemorySwappiness", "OomKillDisable", "PidsLimit", "Ulimits", "CpuCount", "CpuPercent", "IOMaximumIOps",
                "IOMaximumBandwidth", "MaskedPaths", "ReadonlyPaths");
        // what dockerd shows for a container the docker CLI created with no options
        assertThat(shown.get("Binds").isNull()).isTrue();
        assertThat(shown.get("CapAdd").isNull()).isTrue();
        assertThat(shown.get("SecurityOpt").isNull()).isTrue();
        assertThat(shown.get("ConsoleSize").toString()).isEqualTo("[0,0]");
        assertThat(shown.get("MemorySwappiness").isNull()).isTrue();
        assertThat(shown.get("PidsLimit").isNull()).isTrue();
        assertThat(shown.get("Ulimits").toString()).isEqualTo("[]");
        assertThat(shown.get("PortBindings").isEmpty()).isTrue();
        assertThat(shown.get("RestartPolicy").toString()).isEqualTo("{\"Name\":\"no\",\"MaximumRetryCount\":0}");
    }

    @Test
    void swappinessAndAnnotations_keptAndShown_minusOneIsUnset_outOfRangeRefusedAsDockerd() throws Exception {
        var h = HostConfigs.parse(body("{\"MemorySwappiness\":10,\"Annotations\":{\"b\":\"2\",\"a\":\"1\"},"
                + "\"PidsLimit\":64}"), 2);
        assertThat(h.memorySwappiness()).isEqualTo(10L);
        assertThat(h.annotations()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        JsonNode shown = JSON.valueToTree(HostConfigs.render(h));
        assertThat(shown.get("MemorySwappiness").asLong()).isEqualTo(10);
        assertThat(shown.get("Annotations").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        assertThat(shown.get("PidsLimit").asLong()).isEqualTo(64);
        assertThat(HostConfigs.parse(body("{\"MemorySwappiness\":-1}"), 2).memorySwappiness()).isNull();
        assertInvalid("{\"MemorySwappiness\":101}", "Invalid value: 101, valid memory swappiness range is 0-100");
        assertInvalid("{\"MemorySwappiness\":-2}", "Invalid value: -2, valid memory swappiness range is 0-100");
        assertInvalid("{\"Annotations\":{\"\":\"x\"}}",
                "invalid Annotations: the empty string is not permitted as an annotation key");
    }

    private static void assertInvalid(String json, String message) {
        assertThatThrownBy(() -> HostConfigs.parse(body(json), 2))
                .isInstanceOf(EngineException.class).hasMessage(message)
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }
}
