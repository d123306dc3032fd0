package dev.berth.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inspect's top-level NetworkSettings addresses are the default bridge endpoint's, as dockerd fills them. */
class NetworkSettingsTest {
    private static EndpointSettings endpoint(String ip, String gateway, String mac) {
        return new EndpointSettings(null, null, null, mac, null, 0, "n", "e", gateway, ip, 16, "", "", 0, null);
    }

    @Test
    void of_onDefaultBridge_copiesItsEndpoint() {
        var s = NetworkSettings.of("", "sb", "/run/netns/x", Map.of(),
                Map.of("bridge", endpoint("172.30.0.2", "172.30.0.1", "02:42:ac:1e:00:02")));
        assertThat(s.ipAddress()).isEqualTo("172.30.0.2");
        assertThat(s.gateway()).isEqualTo("172.30.0.1");
        assertThat(s.macAddress()).isEqualTo("02:42:ac:1e:00:02");
        assertThat(s.ipPrefixLen()).isEqualTo(16);
        assertThat(s.endpointId()).isEqualTo("e");
    }

    @Test
    void of_onlyOnAUserNetwork_topLevelEmpty() {
        var s = NetworkSettings.of("", "sb", "", Map.of(), Map.of("backend", endpoint("10.0.0.2", "10.0.0.1", "m")));
        assertThat(List.of(s.ipAddress(), s.gateway(), s.macAddress(), s.endpointId())).containsOnly("");
        assertThat(s.ipPrefixLen()).isZero();
    }
}
