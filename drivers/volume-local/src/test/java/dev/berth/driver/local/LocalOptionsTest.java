package dev.berth.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalOptionsTest {

    @Test
    void parse_none_plainDirectory() {
        LocalOptions o = LocalOptions.parse(Map.of());
        assertThat(o).isEqualTo(LocalOptions.NONE);
        assertThat(o.needsMount()).isFalse();
        assertThat(o.asMap()).isEmpty();
    }

    @Test
    void parse_tmpfs_mountedWithItsData() {
        LocalOptions o = LocalOptions.parse(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m,uid=1000"));
        assertThat(o).isEqualTo(new LocalOptions("tmpfs", "size=64m,uid=1000", "tmpfs", null));
        assertThat(o.needsMount()).isTrue();
        assertThat(o.asMap()).containsExactly(Map.entry("type", "tmpfs"), Map.entry("o", "size=64m,uid=1000"),
                Map.entry("device", "tmpfs"));
    }

    @Test
    void parse_bind_mounted() {
        LocalOptions o = LocalOptions.parse(Map.of("type", "none", "o", "bind", "device", "/srv/data"));
        assertThat(o.needsMount()).isTrue();
        assertThat(MountFlags.parse(o.o()).bind()).isTrue();
    }

    @Test
    void parse_unknownKey_dockerdsInvalidOption() {
        assertInvalid(Map.of("type", "tmpfs", "device", "tmpfs", "bogus", "1"), "invalid option: \"bogus\"");
        assertInvalid(Map.of("Type", "tmpfs"), "invalid option: \"Type\"");
    }

    @Test
    void parse_keyWithoutItsPartner_dockerdsMissingRequiredOption() {
        assertInvalid(Map.of("device", "tmpfs"), "missing required option: \"type\"");
        assertInvalid(Map.of("type", "tmpfs"), "missing required option: \"device\"");
        assertInvalid(Map.of("o", "size=1m"), "missing required option: \"device\"");
        assertInvalid(Map.of("o", "bind", "device", "/srv"), "missing required option: \"type\"");
    }

    @Test
    void parse_size_malformedOrAQuota_refusedWithDockerdsWords() {
        assertInvalid(Map.of("size", "ten"), "invalid size: 'ten'");
        assertInvalid(Map.of("size", "-1"), "invalid size: '-1'");
        assertInvalid(Map.of("size", "10m"), "quota size requested but no quota support");
        assertThat(LocalOptions.parse(Map.of("size", "0")).needsMount()).isFalse();
    }

    @Test
    void parse_cifsDeviceWithPort_refused() {
        assertInvalid(Map.of("type", "cifs", "device", "//server:445/share", "o", "username=u"),
                "port not allowed in CIFS device URL, include 'port' in 'o='");
        assertThat(LocalOptions.parse(Map.of("type", "cifs", "device", "//server/share")).needsMount()).isTrue();
    }

    @Test
    void ramInBytes_goUnitsBinarySizes() {
        assertThat(LocalOptions.ramInBytes("1024")).isEqualTo(1024);
        assertThat(LocalOptions.ramInBytes("64m")).isEqualTo(64L << 20);
        assertThat(LocalOptions.ramInBytes("1.5GiB")).isEqualTo(3L << 29);
        assertThat(LocalOptions.ramInBytes("2 kb")).isEqualTo(2048);
    }

    private static void assertInvalid(Map<String, String> options, String message) {
        assertThatThrownBy(() -> LocalOptions.parse(options)).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT)).hasMessage(message);
    }
}
