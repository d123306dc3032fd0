package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.runtime.ContainerSpec;
import dev.berth.spi.runtime.ContainerSpec.Blkio;
import dev.berth.spi.runtime.ContainerSpec.DeviceLimit;
import java.util.List;
import org.junit.jupiter.api.Test;

class OciBlockIoTest {

    @Test
    void build_weightAndThrottles_withTheHostDevicesNumbers() {
        List<DeviceLimit> nullLimit = List.of(new DeviceLimit("/dev/null", 1048576));
        Blkio b = new Blkio(300, List.of(new DeviceLimit("/dev/zero", 500)), nullLimit, List.of(), List.of(),
                List.of(new DeviceLimit("/dev/full", 20)));
        assertThat(OciBlockIo.build(b).toString()).isEqualTo("{\"weight\":300,"
                + "\"weightDevice\":[{\"major\":1,\"minor\":5,\"weight\":500}],"
                + "\"throttleReadBpsDevice\":[{\"major\":1,\"minor\":3,\"rate\":1048576}],"
                + "\"throttleWriteIOPSDevice\":[{\"major\":1,\"minor\":7,\"rate\":20}]}");
    }

    @Test
    void resources_noBlkio_noBlockIo() {
        assertThat(OciResources.build(ContainerSpec.Resources.NONE, false, true).has("blockIO")).isFalse();
    }

    @Test
    void build_missingDevice_dockerdsStatError() {
        Blkio b = new Blkio(0, List.of(), List.of(new DeviceLimit("/dev/berth-nope", 1)), List.of(), List.of(), List.of());
        assertThatThrownBy(() -> OciBlockIo.build(b)).hasMessage("stat /dev/berth-nope: no such file or directory");
    }
}
