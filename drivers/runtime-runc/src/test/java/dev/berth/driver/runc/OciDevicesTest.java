package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.spi.EngineException;
import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciDevicesTest {

    private static Resources withDevices(List<ContainerSpec.Device> devices, List<ContainerSpec.DeviceRule> rules) {
        return new Resources(0, 0, 0, 0, 0, "", "", 0, 0, 0, false, devices, rules);
    }

    private static ObjectNode linux(Resources r, boolean privileged) {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.set("resources", OciResources.build(r, privileged, true));
        OciDevices.apply(l, r, privileged);
        return l;
    }

    private static JsonNode last(JsonNode array) {
        return array.get(array.size() - 1);
    }

    @Test
    void apply_deviceUnderOtherName_nodeAtContainerPathWithHostNumbersAndRule() {
        ObjectNode l = linux(withDevices(List.of(new ContainerSpec.Device("/dev/null", "/dev/mynull", "r")), List.of()),
                false);
        JsonNode node = l.get("devices").get(0);
        assertThat(node.get("path").asText()).isEqualTo("/dev/mynull");
        assertThat(node.get("type").asText()).isEqualTo("c");
        assertThat(node.get("major").asLong()).isEqualTo(1);
        assertThat(node.get("minor").asLong()).isEqualTo(3);
        assertThat(node.get("fileMode").asInt()).isEqualTo(0666);
        JsonNode rule = last(l.at("/resources/devices"));
        assertThat(rule.toString()).isEqualTo("{\"allow\":true,\"type\":\"c\",\"major\":1,\"minor\":3,\"access\":\"r\"}");
    }

    @Test
    void apply_cgroupRule_appendedAfterDockersDefaults() {
        ObjectNode l = linux(withDevices(List.of(), List.of(new ContainerSpec.DeviceRule("c", 42, -1, "rmw"))), false);
        assertThat(last(l.at("/resources/devices")).toString())
                .isEqualTo("{\"allow\":true,\"type\":\"c\",\"major\":42,\"minor\":-1,\"access\":\"rmw\"}");
        assertThat(l.has("devices")).isFalse();
    }

    @Test
    void apply_missingDevice_dockerdsMessage() {
        Resources r = withDevices(List.of(new ContainerSpec.Device("/dev/berth-nope", "/dev/berth-nope", "rwm")), List.of());
        assertThatThrownBy(() -> linux(r, false)).isInstanceOf(EngineException.class)
                .hasMessage("error gathering device information while adding custom device \"/dev/berth-nope\": "
                        + "no such file or directory");
    }

    @Test
    void apply_regularFile_notADeviceNode(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Resources r = withDevices(List.of(new ContainerSpec.Device(f.toString(), "/dev/f", "rwm")), List.of());
        assertThatThrownBy(() -> linux(r, false)).hasMessageEndingWith("\": not a device node");
    }

    @Test
    void apply_privileged_everyHostNodeAndOnlyTheAllowAllRule() {
        ObjectNode l = linux(withDevices(List.of(new ContainerSpec.Device("/dev/null", "/dev/null", "r")), List.of()),
                true);
        List<String> paths = new ArrayList<>();
        l.get("devices").forEach(d -> paths.add(d.get("path").asText()));
        assertThat(paths).contains("/dev/null", "/dev/zero", "/dev/full").doesNotContain("/dev/console")
                .noneMatch(p -> p.startsWith("/dev/pts/")).doesNotHaveDuplicates();
        assertThat(l.at("/resources/devices").toString()).isEqualTo("[{\"allow\":true,\"access\":\"rwm\"}]");
    }

    @Test
    void majorMinor_glibcEncoding() {
        // makedev(259, 70000): major above 8 bits and minor above 20 bits
        long rdev = ((259L & 0xfff) << 8) | ((259L & ~0xfffL) << 32) | (70000L & 0xff) | ((70000L & ~0xffL) << 12);
        assertThat(DeviceNodes.major(rdev)).isEqualTo(259);
        assertThat(DeviceNodes.minor(rdev)).isEqualTo(70000);
    }
}
