package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue #12: a body value of the wrong JSON type is a 400 in Go's words, never coerced. */
class JsonTypesTest extends ServerFixture {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"Image":5}                                   | number into Go struct field CreateRequest.Image of type string
            {"Image":"i","Env":"x"}                       | string into Go struct field CreateRequest.Env of type []string
            {"Image":"i","Env":[1]}                       | number into Go struct field CreateRequest.Env of type string
            {"Image":"i","Cmd":["sh",1]}                  | number into Go struct field CreateRequest.Cmd of type []string
            {"Image":"i","Entrypoint":{}}                 | object into Go struct field CreateRequest.Entrypoint of type []string
            {"Image":"i","Tty":"yes"}                     | string into Go struct field CreateRequest.Tty of type bool
            {"Image":"i","Tty":1}                         | number into Go struct field CreateRequest.Tty of type bool
            {"Image":true}                                | bool into Go struct field CreateRequest.Image of type string
            {"Image":"i","Labels":{"a":1}}                | number into Go struct field CreateRequest.Labels of type string
            {"Image":"i","StopTimeout":"5"}               | string into Go struct field CreateRequest.StopTimeout of type int
            {"Image":"i","HostConfig":{"Memory":"1g"}}    | string into Go struct field HostConfig.HostConfig.Memory of type int64
            {"Image":"i","HostConfig":{"Memory":1.5}}     | number 1.5 into Go struct field HostConfig.HostConfig.Memory of type int64
            {"Image":"i","HostConfig":{"Binds":"x"}}      | string into Go struct field HostConfig.HostConfig.Binds of type []string
            {"Image":"i","HostConfig":{"Privileged":"true"}} | string into Go struct field HostConfig.HostConfig.Privileged of type bool
            {"Image":"i","HostConfig":{"OomScoreAdj":"5"}} | string into Go struct field HostConfig.HostConfig.OomScoreAdj of type int
            {"Image":"i","HostConfig":{"BlkioWeight":3000000000}} | number 3000000000 into Go struct field HostConfig.HostConfig.BlkioWeight of type uint16
            {"Image":"i","StopTimeout":99999999999999999999} | number 99999999999999999999 into Go struct field CreateRequest.StopTimeout of type int
            {"Image":"i","HostConfig":{"RestartPolicy":{"MaximumRetryCount":-99999999999999999999}}} | number -99999999999999999999 into Go struct field RestartPolicy.HostConfig.RestartPolicy.MaximumRetryCount of type int
            {"Image":"i","HostConfig":{"BlkioWeightDevice":[{"Path":"/dev/sda","Weight":3000000000}]}} | number 3000000000 into Go struct field WeightDevice.HostConfig.BlkioWeightDevice.Weight of type uint16
            {"Image":"i","HostConfig":{"BlkioWeight":70000}} | number 70000 into Go struct field HostConfig.HostConfig.BlkioWeight of type uint16
            {"Image":"i","HostConfig":{"BlkioWeight":-1}} | number -1 into Go struct field HostConfig.HostConfig.BlkioWeight of type uint16
            {"Image":"i","HostConfig":{"BlkioWeight":"5"}} | string into Go struct field HostConfig.HostConfig.BlkioWeight of type uint16
            {"Image":"i","HostConfig":{"BlkioWeightDevice":[{"Path":"/dev/sda","Weight":65536}]}} | number 65536 into Go struct field WeightDevice.HostConfig.BlkioWeightDevice.Weight of type uint16
            """)
    void create_wrongType_is400NamingFieldAndTypes(String body, String expected) throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/create", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).isEqualTo("json: cannot unmarshal " + expected);
    }

    @Test
    void create_wholeBodyOfWrongType_namesTheValue() throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/create", "[1]");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText())
                .isEqualTo("json: cannot unmarshal array into Go value of type CreateRequest");
    }

    @Test
    void update_wrongType_is400() throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/web/update", "{\"Memory\":\"1g\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText())
                .isEqualTo("json: cannot unmarshal string into Go struct field UpdateConfig.Memory of type int64");
    }

    @Test
    void update_numberBeyondTheField_is400InGosWords() throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/web/update", "{\"BlkioWeight\":3000000000}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER.readTree(r.body()).path("message").asText()).isEqualTo(
                "json: cannot unmarshal number 3000000000 into Go struct field UpdateConfig.BlkioWeight of type uint16");
    }

    @Test
    void create_uint16_nullOrAbsent_isUnset() throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/create", "{\"Image\":\"i\",\"HostConfig\":{\"BlkioWeight\":null,"
                + "\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\"},{\"Path\":\"/dev/sdb\",\"Weight\":null},"
                + "{\"Path\":\"/dev/sdc\",\"Weight\":65535}]}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(containers.lastCreate.hostConfig().blkioWeight()).isNull();
        assertThat(containers.lastCreate.hostConfig().blkioWeightDevice()).extracting(d -> d.weight())
                .containsExactly(0, 0, 65535);
    }

    @Test
    void create_rightTypes_stillPass() throws Exception {
        HttpResponse<String> r = post("/v1.50/containers/create", "{\"Image\":\"i\",\"Tty\":true,\"Env\":[\"A=1\"],"
                + "\"Cmd\":\"sh\",\"StopTimeout\":null,\"HostConfig\":{\"Memory\":1073741824,\"Binds\":null}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
}
