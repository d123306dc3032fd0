package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import org.junit.jupiter.api.Test;

class DeviceCgroupRuleTest {

    @Test
    void parse_wildcardMinor_minusOneAndSameText() {
        DeviceCgroupRule r = DeviceCgroupRule.parse("c 42:* rmw");
        assertThat(r).isEqualTo(new DeviceCgroupRule("c", 42, -1, "rmw"));
        assertThat(r.text()).isEqualTo("c 42:* rmw");
    }

    @Test
    void parse_badSyntax_dockerdsMessage() {
        assertThatThrownBy(() -> DeviceCgroupRule.parse("x 1:2 rwm")).isInstanceOf(EngineException.class)
                .hasMessage("invalid device cgroup rule format: 'x 1:2 rwm'");
        assertThatThrownBy(() -> DeviceCgroupRule.parse("c 1:2 rwx"))
                .hasMessage("invalid device cgroup rule format: 'c 1:2 rwx'");
    }

    @Test
    void parse_majorTooLarge_dockerdsMessage() {
        assertThatThrownBy(() -> DeviceCgroupRule.parse("c 99999999999999999999:1 r"))
                .hasMessage("invalid major value in device cgroup rule format: 'c 99999999999999999999:1 r'");
    }

    @Test
    void deviceMapping_defaults_samePathAndRwm() {
        assertThat(new DeviceMapping("/dev/fuse", "", "")).isEqualTo(new DeviceMapping("/dev/fuse", "/dev/fuse", "rwm"));
        assertThatThrownBy(() -> new DeviceMapping("dev/fuse", "", "")).hasMessage("dev/fuse is not an absolute path");
        assertThatThrownBy(() -> new DeviceMapping("/dev/fuse", "", "rx")).hasMessage("bad mode specified: rx");
    }
}
