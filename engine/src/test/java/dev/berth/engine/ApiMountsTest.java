package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.persistence.container.BindMount;
import dev.berth.persistence.container.GivenAs;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiMountsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HostConfigsView parse(String mounts) throws Exception {
        var h = HostConfigs.parse(JSON.readValue("{\"Mounts\":" + mounts + "}", dev.berth.api.model.HostConfig.class), 2);
        return new HostConfigsView(h, JSON.valueToTree(HostConfigs.render(h)));
    }

    private record HostConfigsView(dev.berth.persistence.container.HostConfig typed, JsonNode shown) {}

    @Test
    void parse_eachType_typedAndRenderedBackAsGiven(@TempDir Path dir) throws Exception {
        String mounts = "[{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Target\":\"/b\",\"ReadOnly\":true,"
                + "\"BindOptions\":{\"Propagation\":\"rslave\",\"NonRecursive\":true}},"
                + "{\"Type\":\"volume\",\"Source\":\"v1\",\"Target\":\"/v\",\"VolumeOptions\":{\"NoCopy\":true,"
                + "\"DriverConfig\":{\"Name\":\"sample\",\"Options\":{\"k\":\"x\"}}}},"
                + "{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576,\"Mode\":1023}}]";
        var v = parse(mounts);
        var bind = v.typed().binds().get(0);
        assertThat(bind.nonRecursive()).isTrue();
        assertThat(bind.readOnly()).isTrue();
        assertThat(bind.propagation()).isEqualTo(BindMount.Option.RSLAVE);
        assertThat(bind.given()).isEqualTo(GivenAs.MOUNTS);
        var volume = v.typed().volumes().get(0);
        assertThat(volume.noCopy()).isTrue();
        assertThat(volume.driver()).isEqualTo("sample");
        assertThat(volume.driverOptions()).isEqualTo(Map.of("k", "x"));
        assertThat(v.typed().tmpfs().get(0).options()).containsExactly("size=1048576", "mode=1777");
        assertThat(v.shown().get("Mounts").toString()).isEqualTo(JSON.readTree(mounts).toString());
        assertThat(v.shown().get("Binds").isEmpty()).isTrue();
        assertThat(v.shown().has("Tmpfs")).as("omitted when empty, as dockerd's omitempty").isFalse();
    }

    @Test
    void parse_badMounts_dockersWords() {
        // TmpfsOptions' numbers as Go decodes them: SizeBytes an int64, Mode an fs.FileMode (uint32)
        assertInvalid("[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":99999999999999999999}}]",
                "json: cannot unmarshal number 99999999999999999999 into Go struct field "
                        + "TmpfsOptions.HostConfig.Mounts.TmpfsOptions.SizeBytes of type int64");
        assertInvalid("[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"Mode\":4294967296}}]",
                "json: cannot unmarshal number 4294967296 into Go struct field "
                        + "TmpfsOptions.HostConfig.Mounts.TmpfsOptions.Mode of type fs.FileMode");
        assertInvalid("[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":\"1m\"}}]",
                "json: cannot unmarshal string into Go struct field "
                        + "TmpfsOptions.HostConfig.Mounts.TmpfsOptions.SizeBytes of type int64");
        assertInvalid("[{\"Type\":\"bind\",\"Source\":\"/missing-berth-source\",\"Target\":\"/x\"}]",
                "invalid mount config for type \"bind\": bind source path does not exist: /missing-berth-source");
        assertInvalid("[{\"Type\":\"bind\",\"Source\":\"rel\",\"Target\":\"/x\"}]",
                "invalid mount config for type \"bind\": invalid mount path: 'rel' mount path must be absolute");
        assertInvalid("[{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/\"}]",
                "invalid mount config for type \"volume\": invalid specification: destination can't be '/'");
        assertInvalid("[{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"x\"}]",
                "invalid mount config for type \"volume\": invalid mount path: 'x' mount path must be absolute");
        assertInvalid("[{\"Type\":\"volume\",\"Source\":\"v\"}]",
                "invalid mount config for type \"volume\": field Target must not be empty");
        assertInvalid("[{\"Type\":\"npipe\",\"Source\":\"v\",\"Target\":\"/x\"}]",
                "invalid mount config for type \"npipe\": mount type unknown");
        assertInvalid("[{\"Type\":\"tmpfs\",\"Source\":\"/x\",\"Target\":\"/x\"}]",
                "invalid mount config for type \"tmpfs\": field Source must not be specified");
        assertInvalid("[{\"Type\":\"volume\",\"Target\":\"/x\",\"ReadOnly\":true}]",
                "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes");
        assertInvalid("[{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/x\",\"BindOptions\":{}}]",
                "invalid mount config for type \"volume\": field BindOptions must not be specified");
        assertInvalid("[{\"Type\":\"volume\",\"Source\":\"a\",\"Target\":\"/x\"},{\"Type\":\"tmpfs\",\"Target\":\"/x/\"}]",
                "Duplicate mount point: /x");
    }

    @Test
    void parse_optionsOfApi142To146_typedAndRenderedBackAsGiven(@TempDir Path dir) throws Exception {
        String mounts = "[{\"Type\":\"bind\",\"Source\":\"" + dir + "/made-at-start\",\"Target\":\"/c\","
                + "\"BindOptions\":{\"CreateMountpoint\":true}},"
                + "{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Target\":\"/w\",\"ReadOnly\":true,"
                + "\"BindOptions\":{\"ReadOnlyNonRecursive\":true}},"
                + "{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Target\":\"/r\",\"ReadOnly\":true,"
                + "\"BindOptions\":{\"Propagation\":\"rprivate\",\"ReadOnlyForceRecursive\":true}},"
                + "{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Target\":\"/d\",\"ReadOnly\":true},"
                + "{\"Type\":\"volume\",\"Source\":\"site\",\"Target\":\"/srv\",\"VolumeOptions\":"
                + "{\"Labels\":{\"tier\":\"web\"},\"Subpath\":\"public/html\"}},"
                + "{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"Options\":[[\"exec\"]]}}]";
        var v = parse(mounts);
        var binds = v.typed().binds();
        assertThat(binds.get(0).createMountpoint()).isTrue();
        assertThat(binds.get(1).depth()).isEqualTo(BindMount.ReadOnlyDepth.NON_RECURSIVE);
        assertThat(binds.get(2).depth()).isEqualTo(BindMount.ReadOnlyDepth.RECURSIVE);
        assertThat(binds.get(3).depth()).isEqualTo(BindMount.ReadOnlyDepth.RECURSIVE_WHERE_SUPPORTED);
        assertThat(binds.get(3).readOnlyDepth()).as("the default is journaled as absent").isNull();
        var volume = v.typed().volumes().get(0);
        assertThat(volume.subpath()).isEqualTo("public/html");
        assertThat(volume.labels()).isEqualTo(Map.of("tier", "web"));
        assertThat(v.typed().tmpfs().get(0).options()).containsExactly("exec");
        assertThat(v.shown().get("Mounts").toString()).isEqualTo(JSON.readTree(mounts).toString());
    }

    @Test
    void parse_badOptionsOfApi142To146_dockersWords(@TempDir Path dir) {
        assertInvalid("[{\"Type\":\"bind\",\"Source\":\"" + dir + "\",\"Target\":\"/x\",\"ReadOnly\":true,"
                        + "\"BindOptions\":{\"ReadOnlyNonRecursive\":true,\"ReadOnlyForceRecursive\":true}}]",
                "mount options conflict: ReadOnlyNonRecursive && ReadOnlyForceRecursive");
        assertInvalid("[{\"Type\":\"volume\",\"Target\":\"/x\",\"VolumeOptions\":{\"Subpath\":\"a\"}}]",
                "invalid mount config for type \"volume\": must not set Subpath when using anonymous volumes");
        for (String subpath : new String[] {"/etc", "..", "a/../../b", "../x"}) {
            assertInvalid("[{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/x\",\"VolumeOptions\":{\"Subpath\":\""
                    + subpath + "\"}}]", "invalid mount config for type \"volume\": subpath must be a relative path within the volume");
        }
        assertInvalid("[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"Options\":[[\"nosuid\"]]}}]",
                "invalid mount config for type \"tmpfs\": invalid option: nosuid");
        assertInvalid("[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"Options\":[[\"exec\",\"a\",\"b\"]]}}]",
                "invalid mount config for type \"tmpfs\": invalid option array length");
    }

    @Test
    void parse_image_unresolvedUntilTheCreate_renderedBackAsGiven() throws Exception {
        String mounts = "[{\"Type\":\"image\",\"Source\":\"busybox\",\"Target\":\"/tools\",\"ImageOptions\":"
                + "{\"Subpath\":\"bin\"}},{\"Type\":\"image\",\"Source\":\"alpine:3\",\"Target\":\"/a\",\"ReadOnly\":true}]";
        var v = parse(mounts);
        var image = v.typed().imageMounts().get(0);
        assertThat(image.image()).isEqualTo("busybox");
        assertThat(image.subpath()).isEqualTo("bin");
        assertThat(image.imageId()).as("resolved by the create").isEmpty();
        assertThat(v.shown().get("Mounts").toString()).isEqualTo(JSON.readTree(mounts).toString());
        assertInvalid("[{\"Type\":\"image\",\"Target\":\"/x\"}]",
                "invalid mount config for type \"image\": field Source must not be empty");
        assertInvalid("[{\"Type\":\"image\",\"Source\":\"busybox\",\"Target\":\"/x\",\"ImageOptions\":{\"Subpath\":\"../etc\"}}]",
                "invalid mount config for type \"image\": subpath must be a relative path within the volume");
        assertInvalid("[{\"Type\":\"image\",\"Source\":\"busybox\",\"Target\":\"/x\",\"VolumeOptions\":{}}]",
                "invalid mount config for type \"image\": field VolumeOptions must not be specified");
        assertInvalid("[{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/x\",\"ImageOptions\":{}}]",
                "invalid mount config for type \"volume\": field ImageOptions must not be specified");
        assertInvalid("[{\"Type\":\"image\",\"Source\":\"busybox\",\"Target\":\"/x\"},{\"Type\":\"tmpfs\",\"Target\":\"/x\"}]",
                "Duplicate mount point: /x");
    }

    @Test
    void isLocal_asGoDecides() {
        assertThat(ApiMounts.isLocal("a/b")).isTrue();
        assertThat(ApiMounts.isLocal("a/../b")).isTrue();
        assertThat(ApiMounts.isLocal(".")).isTrue();
        assertThat(ApiMounts.isLocal("")).isFalse();
        assertThat(ApiMounts.isLocal("/a")).isFalse();
        assertThat(ApiMounts.isLocal("a/../..")).isFalse();
    }

    private static void assertInvalid(String mounts, String message) {
        assertThatThrownBy(() -> parse(mounts)).isInstanceOf(EngineException.class).hasMessage(message)
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void render_noMounts_leftOut() throws Exception {
        assertThat(parse("[]").shown().has("Mounts")).as("omitted when empty, as dockerd's omitempty").isFalse();
    }
}
