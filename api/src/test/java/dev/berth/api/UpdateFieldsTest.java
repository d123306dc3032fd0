package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.api.model.ContainerUpdateRequest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The update body's field table against the spec ({@code spec/update-body-fields.txt}) and the model. */
class UpdateFieldsTest {
    private static final String SPEC = "/spec/update-body-fields.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everySpecField_hasAStatus() throws IOException {
        assertThat(FieldTableChecks.specFieldsWithoutStatus(UpdateFields.TABLE, SPEC)).isEmpty();
        assertThat(FieldTableChecks.rulesNotInSpec(UpdateFields.TABLE, SPEC)).isEmpty();
    }

    @Test
    void everyHonouredField_isBoundByTheModel() {
        assertThat(FieldTableChecks.modelFieldsWithoutStatus(UpdateFields.TABLE, ContainerUpdateRequest.class)).isEmpty();
        assertThat(FieldTableChecks.honouredButUnbound(UpdateFields.TABLE, ContainerUpdateRequest.class)).isEmpty();
    }

    /** What `docker update -m 100m` sends: every Resources field, most at zero. */
    @Test
    void check_theClisBodyWithZeros_accepted() throws IOException {
        UpdateFields.TABLE.check(JSON.readTree("""
                {"CpuShares":0,"Memory":104857600,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":null,
                 "CpuPeriod":0,"CpuQuota":0,"CpusetCpus":"","CpusetMems":"","Devices":null,"MemoryReservation":0,
                 "MemorySwap":0,"MemorySwappiness":null,"NanoCpus":0,"OomKillDisable":null,"PidsLimit":null,
                 "Ulimits":null,"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,
                 "RestartPolicy":{"Name":"","MaximumRetryCount":0}}"""));
    }

    @Test
    void check_unappliedFieldGiven_refusedByName() throws IOException {
        UpdateFields.TABLE.check(JSON.readTree("{\"CpusetCpus\":\"0\",\"CpusetMems\":\"0\"}"));
        UpdateFields.TABLE.check(JSON.readTree("{\"CpuQuota\":50000,\"CpuPeriod\":100000,\"MemoryReservation\":1048576,"
                + "\"BlkioWeight\":300}"));
        assertThatThrownBy(() -> UpdateFields.TABLE.check(JSON.readTree(
                "{\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/sda\",\"Rate\":1}]}")))
                .hasMessage("BlkioDeviceReadBps is not supported by Berth yet");
        assertThatThrownBy(() -> UpdateFields.TABLE.check(JSON.readTree("{\"OomKillDisable\":true}")))
                .hasMessage("OomKillDisable is not supported by Berth yet");
    }
}
