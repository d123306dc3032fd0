package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.model.NetworkConnectRequest;
import dev.berth.api.model.NetworkCreateRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The network bodies' field tables against the spec and the model, the CLI's bodies, and refusals. */
class NetworkFieldsTest {

    @Test
    void everySpecField_hasAStatus_andNoRuleIsInvented() throws IOException {
        List<String> problems = new ArrayList<>();
        problems.addAll(FieldTableChecks.specFieldsWithoutStatus(NetworkFields.CREATE, "/spec/network-create-fields.txt"));
        problems.addAll(FieldTableChecks.specFieldsWithoutStatus(NetworkFields.CONNECT, "/spec/network-connect-fields.txt"));
        problems.addAll(FieldTableChecks.specFieldsWithoutStatus(NetworkFields.DISCONNECT,
                "/spec/network-disconnect-fields.txt"));
        problems.addAll(FieldTableChecks.rulesNotInSpec(NetworkFields.CREATE, "/spec/network-create-fields.txt"));
        problems.addAll(FieldTableChecks.rulesNotInSpec(NetworkFields.CONNECT, "/spec/network-connect-fields.txt"));
        problems.addAll(FieldTableChecks.rulesNotInSpec(NetworkFields.DISCONNECT, "/spec/network-disconnect-fields.txt"));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyModelComponent_hasAStatus_andEveryHonouredFieldIsBound() {
        assertThat(FieldTableChecks.modelFieldsWithoutStatus(NetworkFields.CREATE, NetworkCreateRequest.class)).isEmpty();
        assertThat(FieldTableChecks.honouredButUnbound(NetworkFields.CREATE, NetworkCreateRequest.class)).isEmpty();
        // one record binds both connect and disconnect
        List<String> connect = FieldTableChecks.modelFieldsWithoutStatus(NetworkFields.CONNECT, NetworkConnectRequest.class);
        List<String> disconnect = FieldTableChecks.modelFieldsWithoutStatus(NetworkFields.DISCONNECT,
                NetworkConnectRequest.class);
        assertThat(connect.stream().filter(disconnect::contains)).isEmpty();
        assertThat(FieldTableChecks.honouredButUnbound(NetworkFields.CONNECT, NetworkConnectRequest.class)).isEmpty();
    }

    @Test
    void dockerCliBodies_areAccepted() throws IOException {
        for (String f : List.of("docker-cli-28.2-network-create.json", "docker-cli-28.2-network-create-subnet.json")) {
            JsonNode body = CreateFieldsCheckTest.body(f);
            assertThatCode(() -> NetworkFields.CREATE.check(body)).as(f).doesNotThrowAnyException();
        }
        for (String f : List.of("docker-cli-28.2-network-connect.json", "docker-cli-28.2-network-connect-ip.json")) {
            JsonNode body = CreateFieldsCheckTest.body(f);
            assertThatCode(() -> NetworkFields.CONNECT.check(body)).as(f).doesNotThrowAnyException();
        }
        JsonNode disconnect = CreateFieldsCheckTest.body("docker-cli-28.2-network-disconnect.json");
        assertThatCode(() -> NetworkFields.DISCONNECT.check(disconnect)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"Name\":\"n\",\"Driver\":\"bridge\",\"Options\":{\"color\":\"blue\"}}|Options \"color\" (a driver option) is not supported by Berth yet",
        "{\"Name\":\"n\",\"Options\":{\"com.docker.network.bridge.inhibit_ipv4\":\"true\"}}|Options \"com.docker.network.bridge.inhibit_ipv4\" (a driver option) is not supported by Berth yet",
        "{\"Name\":\"n\",\"IPAM\":{\"Options\":{\"x\":\"y\"}}}|IPAM.Options is not supported by Berth yet",
        "{\"Name\":\"n\",\"IPAM\":{\"Driver\":\"dhcp\"}}|IPAM.Driver \"dhcp\" is not supported by Berth yet",
        "{\"Name\":\"n\",\"Ingress\":true}|Ingress is not supported by Berth yet",
        "{\"Name\":\"n\",\"EnableIPv4\":false}|EnableIPv4 false is not supported by Berth yet",
        "{\"Name\":\"n\",\"Scope\":\"swarm\"}|Scope \"swarm\" is not supported by Berth yet",
    })
    void create_unsupportedFields_areRefusedByName(String json, String message) throws IOException {
        JsonNode body = Json.MAPPER.readTree(json);
        assertThatThrownBy(() -> NetworkFields.CREATE.check(body)).hasMessage(message);
    }

    @Test
    void configOnly_keepsAnyDriversOptions_configFrom_leavesTheirRefusalToTheEngine() throws IOException {
        // what docker network create --config-only -o parent=eth0 sends (the CLI's default driver is bridge)
        assertThatCode(() -> NetworkFields.CREATE.check(Json.MAPPER.readTree("{\"Name\":\"n\",\"Driver\":\"bridge\","
                + "\"ConfigOnly\":true,\"Options\":{\"parent\":\"eth0\"}}"))).doesNotThrowAnyException();
        assertThatCode(() -> NetworkFields.CREATE.check(Json.MAPPER.readTree("{\"Name\":\"n\",\"Driver\":\"bridge\","
                + "\"ConfigFrom\":{\"Network\":\"cfg\"},\"Options\":{\"a\":\"b\"}}"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> NetworkFields.CREATE.check(Json.MAPPER.readTree("{\"Name\":\"n\",\"ConfigFrom\":"
                + "{\"Network\":\"cfg\",\"Other\":1}}"))).hasMessageContaining("ConfigFrom");
    }

    @Test
    void anotherDriversOptions_areItsToJudge() throws IOException {
        JsonNode body = Json.MAPPER.readTree("{\"Name\":\"n\",\"Driver\":\"weave\",\"Options\":{\"color\":\"blue\"}}");
        assertThatCode(() -> NetworkFields.CREATE.check(body)).doesNotThrowAnyException();
    }

    @Test
    void connect_macIpv6DriverOptsLinksAndLinkLocalIpsPass() throws IOException {
        // the engine checks their keys and values
        NetworkFields.CONNECT.check(Json.MAPPER.readTree(
                "{\"Container\":\"c\",\"EndpointConfig\":{\"MacAddress\":\"02:42:ac:11:00:09\"}}"));
        NetworkFields.CONNECT.check(Json.MAPPER.readTree("{\"Container\":\"c\",\"EndpointConfig\":{\"DriverOpts\":"
                + "{\"a\":\"b\"},\"Links\":[\"db:x\"],\"IPAMConfig\":{\"LinkLocalIPs\":[\"169.254.1.1\"],"
                + "\"IPv6Address\":\"fd00::5\"}}}"));
        NetworkFields.CREATE.check(Json.MAPPER.readTree("{\"Name\":\"n\",\"EnableIPv6\":true,\"IPAM\":{\"Config\":"
                + "[{\"Subnet\":\"fd00:b1::/64\",\"Gateway\":\"fd00:b1::1\"}]}}"));
        // disconnect's Force is the engine's (a network or a container gone)
        NetworkFields.DISCONNECT.check(Json.MAPPER.readTree("{\"Container\":\"c\",\"Force\":true}"));
    }
}
