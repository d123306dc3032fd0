package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class BindMountTest {

    @Test
    void parse_hostAndContainerPath_readWrite() {
        BindMount b = BindMount.parse("/srv/data:/data");
        assertThat(b).isEqualTo(new BindMount("/srv/data", "/data", List.of()));
        assertThat(b.readOnly()).isFalse();
        assertThat(b.propagation()).isNull();
    }

    @Test
    void parse_modes_typedAndRenderedAsGiven() {
        BindMount b = BindMount.parse("/srv:/data:Z,ro,rshared");
        assertThat(b.mode()).containsExactly(BindMount.Option.RELABEL_PRIVATE, BindMount.Option.RO,
                BindMount.Option.RSHARED);
        assertThat(b.readOnly()).isTrue();
        assertThat(b.propagation()).isEqualTo(BindMount.Option.RSHARED);
        assertThat(b.spec()).isEqualTo("/srv:/data:Z,ro,rshared");
        assertThat(BindMount.parse("/srv:/data:rw,z,cached").readOnly()).isFalse();
    }

    @Test
    void parse_unknownOrRepeatedMode_dockersMessage() {
        assertThatThrownBy(() -> BindMount.parse("/srv:/data:readonly"))
                .isInstanceOf(EngineException.class).hasMessage("invalid mode: readonly");
        assertThatThrownBy(() -> BindMount.parse("/srv:/data:ro,rw")).hasMessage("invalid mode: ro,rw");
        assertThatThrownBy(() -> BindMount.parse("/srv:/data:shared,slave")).hasMessage("invalid mode: shared,slave");
    }

    @Test
    void parse_malformed_dockersInvalidSpecification() {
        assertThatThrownBy(() -> BindMount.parse(":/data")).hasMessage("invalid volume specification: ':/data'");
        assertThatThrownBy(() -> BindMount.parse("/data:ro")).hasMessage("invalid volume specification: '/data:ro'");
        assertThatThrownBy(() -> BindMount.parse("/a:/b:ro:x")).hasMessage("invalid volume specification: '/a:/b:ro:x'");
    }

    @Test
    void parse_badTarget_dockersInvalidMountConfig() {
        assertThatThrownBy(() -> BindMount.parse("/srv:data")).hasMessage("invalid volume specification: "
                + "'/srv:data': invalid mount config for type \"bind\": invalid mount path: 'data' mount path must be absolute");
        assertThatThrownBy(() -> BindMount.parse("/srv:/")).hasMessage("invalid volume specification: "
                + "'/srv:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'");
        assertThatThrownBy(() -> BindMount.parse("/srv:/x/..")).hasMessageContaining("destination can't be '/'");
        assertThatThrownBy(() -> BindMount.parse("/srv::ro")).hasMessage("invalid volume specification: "
                + "'/srv::ro': invalid mount config for type \"bind\": field Target must not be empty");
    }

    @Test
    void parse_nocopyOnABind_dockersMessage() {
        assertThatThrownBy(() -> BindMount.parse("/srv:/data:nocopy")).hasMessage("invalid volume specification: "
                + "'/srv:/data:nocopy': invalid mount config for type \"bind\": field VolumeOptions must not be specified");
    }

    @Test
    void parseEntry_namedVolume_isAVolumeWithItsMode() {
        var v = (VolumeBind) BindMount.parseEntry("data:/path:ro,nocopy");
        assertThat(v.name()).isEqualTo("data");
        assertThat(v.target()).isEqualTo("/path");
        assertThat(v.readOnly()).isTrue();
        assertThat(v.noCopy()).isTrue();
        assertThat(v.anonymous()).isFalse();
        assertThat(v.spec()).isEqualTo("data:/path:ro,nocopy");
        // Docker checks the container path of a volume first.
        assertThatThrownBy(() -> BindMount.parseEntry("name:path")).hasMessage("invalid volume specification: "
                + "'name:path': invalid mount config for type \"volume\": invalid mount path: 'path' mount path must be absolute");
        assertThatThrownBy(() -> BindMount.parse("name:/path")).hasMessage("volumes are not allowed here: \"name:/path\"");
    }

    @Test
    void parseEntry_lonePath_isAnAnonymousVolume() {
        var v = (VolumeBind) BindMount.parseEntry("/path");
        assertThat(v.anonymous()).isTrue();
        assertThat(v.name()).isEmpty();
        assertThat(v.spec()).isEqualTo("/path");
        assertThatThrownBy(() -> BindMount.parseEntry("/")).hasMessageContaining("destination can't be '/'");
    }

    @Test
    void new_relativeSource_dockersMessage() {
        assertThatThrownBy(() -> new BindMount("srv", "/data", List.of())).hasMessage("invalid volume specification: "
                + "'srv:/data': invalid mount config for type \"bind\": invalid mount path: 'srv' mount path must be absolute");
    }
}
