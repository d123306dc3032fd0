package dev.berth.actors.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostGatewayTest {

    @Test
    void resolve_hostGatewayWord_becomesEachAddress_otherEntriesUntouched() {
        assertThat(HostGateway.resolve(List.of("db:10.1.2.3", "host.docker.internal:host-gateway", "v6:fd00::1"),
                List.of("172.30.0.1", "fd00:1::1")))
                .containsExactly("db:10.1.2.3", "host.docker.internal:172.30.0.1", "host.docker.internal:fd00:1::1",
                        "v6:fd00::1");
    }

    @Test
    void resolve_equalsForm_andNameMerelyContainingTheWord_onlyTheValueCounts() {
        assertThat(HostGateway.resolve(List.of("gw=host-gateway", "host-gateway:10.0.0.9"), List.of("10.9.0.1")))
                .containsExactly("gw:10.9.0.1", "host-gateway:10.0.0.9");
    }
}
