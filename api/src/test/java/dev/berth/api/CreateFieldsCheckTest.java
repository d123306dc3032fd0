package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the create-body check accepts (every real client's defaults) and refuses (with the field named). */
class CreateFieldsCheckTest extends ServerFixture {

    @ParameterizedTest
    @ValueSource(strings = {
        "docker-cli-28.2-create.json", "docker-cli-28.2-run-publish.json", "docker-cli-28.2-run-many-flags.json",
        "docker-py-7.1-create-container.json", "docker-py-7.1-create-host-config.json",
        "docker-py-7.1-containers-create.json", "docker-py-7.1-containers-run.json",
        "docker-java-testcontainers-generic.json", "docker-java-testcontainers-ryuk.json"})
    void realClientBodies_areAccepted(String file) throws IOException {
        JsonNode body = body(file);
        assertThatCode(() -> CreateFields.TABLE.check(body)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker-cli-28.2-create.json", "docker-py-7.1-create-host-config.json",
        "docker-java-testcontainers-generic.json"})
    void realClientBodies_reachTheBackend(String file) throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/create", body(file).toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(containers.lastCreate).isNotNull();
    }

    /** The flags of the issue, as the docker CLI 28.2 puts them in the body, each refused by name. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HostConfig|DeviceRequests|[{\"Driver\":\"\",\"Count\":-1,\"Capabilities\":[[\"gpu\"]]}]|HostConfig.DeviceRequests is not supported by Berth yet",
        "HostConfig|StorageOpt|{\"size\":\"1G\"}|HostConfig.StorageOpt is not supported by Berth yet",
        "HostConfig|KernelMemoryTCP|1048576|HostConfig.KernelMemoryTCP is not supported by Berth yet",
        "HostConfig|SecurityOpt|[\"no-new-privileges\",\"apparmor=docker-custom\"]|HostConfig.SecurityOpt \"apparmor=docker-custom\" is not supported by Berth yet",
        "HostConfig|Cgroup|\"container:db\"|HostConfig.Cgroup is not supported by Berth yet",
        "|MacAddress|\"02:42:ac:11:00:02\"|MacAddress is not supported by Berth yet",
        "|Shell|[\"/bin/bash\",\"-c\"]|Shell is not supported by Berth yet",
    })
    void unsupportedFields_areRefusedByName(String parent, String field, String value, String message)
            throws IOException {
        ObjectNode body = (ObjectNode) body("docker-cli-28.2-create.json");
        ObjectNode target = parent == null ? body : (ObjectNode) body.get(parent);
        target.set(field, Json.MAPPER.readTree(value));
        assertThatThrownBy(() -> CreateFields.TABLE.check(body))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void endpointFields_addressesAndLinksPass() throws IOException {
        JsonNode body = Json.MAPPER.readTree("""
                {"Image":"busybox","HostConfig":{"NetworkMode":"mynet"},"NetworkingConfig":{"EndpointsConfig":
                 {"mynet":{"Aliases":["web"],"IPAMConfig":{"IPv4Address":"10.1.2.3","IPv6Address":"fd00::3"}}}}}""");
        CreateFields.TABLE.check(body); // both addresses are the engine's to check against the network
        JsonNode honoured = Json.MAPPER.readTree("""
                {"Image":"busybox","NetworkingConfig":{"EndpointsConfig":{"other":{"Links":["db:db"],
                 "DriverOpts":{"com.docker.network.endpoint.ifname":"x"},"IPAMConfig":{"LinkLocalIPs":["169.254.1.1"]}}}}}""");
        CreateFields.TABLE.check(honoured); // the engine checks their values
    }

    /** Values that mean "what Docker does by default" (and Berth does) are no request. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "HostConfig|MemorySwappiness|-1",
        "HostConfig|MemorySwappiness|null",
        "HostConfig|MemorySwappiness|10",
        "HostConfig|Annotations|{\"a\":\"b\"}",
        "HostConfig|ConsoleSize|[40,120]",
        "HostConfig|ShmSize|67108864",
        "HostConfig|PidsLimit|-1",
        "HostConfig|IpcMode|\"private\"",
        "HostConfig|UsernsMode|\"host\"",
        "HostConfig|Runtime|\"runc\"",
        "HostConfig|Isolation|\"default\"",
        "HostConfig|MaskedPaths|null",
        "HostConfig|SecurityOpt|[\"seccomp=unconfined\",\"no-new-privileges:true\",\"apparmor=unconfined\",\"label=disable\"]",
        "HostConfig|Ulimits|[]",
        "HostConfig|Devices|null",
        "HostConfig|BlkioWeightDevice|[]",
        "HostConfig|LogConfig|{\"Type\":\"\",\"Config\":{}}",
        "HostConfig|LogConfig|null",
        "HostConfig|LogConfig|{\"Type\":\"none\",\"Config\":{}}",
        "HostConfig|LogConfig|{\"Type\":\"json-file\",\"Config\":{\"max-size\":\"1m\",\"max-file\":\"2\"}}",
        "|Healthcheck|{\"Test\":[\"NONE\"]}",
        "|Healthcheck|{\"Test\":null,\"Interval\":0,\"Timeout\":0,\"Retries\":0}",
        "|Healthcheck|{\"Test\":[\"CMD-SHELL\",\"true\"],\"Interval\":1000000000}",
        "|OnBuild|null",
        "|NetworkDisabled|false",
        "|ArgsEscaped|true",
        "|Unknown|{\"any\":\"thing\"}",
        "|Volumes|{\"/data\":{}}",
        "HostConfig|VolumeDriver|\"sample\"",
        "HostConfig|VolumesFrom|[\"other:ro\"]",
        "HostConfig|Mounts|[{\"Type\":\"tmpfs\",\"Target\":\"/t\"}]",
        "HostConfig|Binds|[\"data:/data:ro\",\"/scratch\"]",
    })
    void defaultValues_areAccepted(String parent, String field, String value) throws IOException {
        ObjectNode body = (ObjectNode) body("docker-cli-28.2-create.json");
        ObjectNode target = parent == null ? body : (ObjectNode) body.get(parent);
        target.set(field, Json.MAPPER.readTree(value));
        assertThatCode(() -> CreateFields.TABLE.check(body)).doesNotThrowAnyException();
    }

    @Test
    void volumes_mountedByABindOrTmpfs_areNoVolume() throws IOException {
        JsonNode body = Json.MAPPER.readTree("""
                {"Image":"busybox","Volumes":{"/data":{},"/cache/":{}},
                 "HostConfig":{"Binds":["/srv/data:/data:rw"],"Tmpfs":{"/cache":"size=1m"}}}""");
        assertThatCode(() -> CreateFields.TABLE.check(body)).doesNotThrowAnyException();
    }

    @Test
    void create_refusedField_is400AndNeverReachesTheBackend() throws Exception {
        ObjectNode body = (ObjectNode) body("docker-cli-28.2-create.json");
        ((ObjectNode) body.get("HostConfig")).putObject("StorageOpt").put("size", "1G");
        HttpResponse<String> r = post("/v1.50/containers/create?name=x", body.toString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText())
                .isEqualTo("HostConfig.StorageOpt is not supported by Berth yet");
        assertThat(containers.lastCreate).isNull();
    }

    @Test
    void create_nullBody_reachesTheBackendWhichOwnsThatCheck() throws Exception {
        // The engine refuses an empty config ("config cannot be empty …", DockerCliIT), in one place.
        HttpResponse<String> r = post("/containers/create?name=empty", "null");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(containers.lastCreateName).isEqualTo("empty");
        assertThat(containers.lastCreate).isNull();
    }

    static JsonNode body(String file) throws IOException {
        try (InputStream in = CreateFieldsCheckTest.class.getResourceAsStream("/bodies/" + file)) {
            assertThat(in).as(file).isNotNull();
            return Json.MAPPER.readTree(in);
        }
    }
}
