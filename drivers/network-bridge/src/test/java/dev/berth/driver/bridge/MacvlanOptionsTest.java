package dev.berth.driver.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MacvlanOptionsTest {

    @Test
    void defaults_bridgeMode_noParent_theParentsMtu() {
        assertThat(MacvlanOptions.of(Map.of())).isEqualTo(new MacvlanOptions("", "bridge", 0));
        assertThat(MacvlanOptions.of(Map.of("parent", "eth0", "macvlan_mode", "")))
                .isEqualTo(new MacvlanOptions("eth0", "bridge", 0));
    }

    @Test
    void everyModeOfDockerd_theMtu_andTheEnginesOwnOption() {
        for (String mode : new String[] {"bridge", "private", "vepa", "passthru"}) {
            assertThat(MacvlanOptions.of(Map.of("macvlan_mode", mode)).mode()).isEqualTo(mode);
        }
        assertThat(MacvlanOptions.of(Map.of("parent", "eth0.10", "com.docker.network.driver.mtu", "1400",
                "com.docker.network.container_iface_prefix", "lan"))).isEqualTo(new MacvlanOptions("eth0.10", "bridge", 1400));
    }

    @Test
    void refusals_inDockerdsWords_orNamingTheOption() {
        assertInvalid(Map.of("macvlan_mode", "Bridge"),
                "requested macvlan mode 'Bridge' is not valid, 'bridge' mode is the macvlan driver default");
        assertInvalid(Map.of("parent", "lo"), "loopback interface is not a valid macvlan parent link");
        assertInvalid(Map.of("parent", "a/b"), "invalid parent interface name a/b");
        assertInvalid(Map.of("parent", "averyveryverylongname"), "invalid parent interface name averyveryverylongname");
        assertInvalid(Map.of("ipvlan_mode", "l2"), "option \"ipvlan_mode\" of the macvlan driver is not supported by Berth");
        assertInvalid(Map.of("com.docker.network.driver.mtu", "big"),
                "failed to parse com.docker.network.driver.mtu value: big (strconv.Atoi: parsing \"big\": invalid syntax)");
        assertInvalid(Map.of("com.docker.network.driver.mtu", "10"), "invalid MTU 10: at least 68");
    }

    @Test
    void vlanParents_asDockerdParsesThem() {
        assertThat(MacvlanOptions.vlan("eth0.10")).containsExactly("eth0", "10");
        assertThatThrownBy(() -> MacvlanOptions.vlan("eth0"))
                .hasMessage("invalid subinterface vlan name eth0, example formatting is eth0.10");
        assertThatThrownBy(() -> MacvlanOptions.vlan("eth0.1.2"))
                .hasMessage("required interface name format is: name.vlan_id, ex. eth0.10 for vlan 10, instead received eth0.1.2");
        assertThatThrownBy(() -> MacvlanOptions.vlan("eth0.x"))
                .hasMessage("unable to parse a valid vlan id from: x (ex. eth0.10 for vlan 10)");
        assertThatThrownBy(() -> MacvlanOptions.vlan("eth0.0")).hasMessage("vlan id must be between 1-4094, received: 0");
        assertThatThrownBy(() -> MacvlanOptions.vlan("eth0.4095")).hasMessage("vlan id must be between 1-4094, received: 4095");
    }

    private static void assertInvalid(Map<String, String> options, String message) {
        assertThatThrownBy(() -> MacvlanOptions.of(options))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith(message);
    }
}
