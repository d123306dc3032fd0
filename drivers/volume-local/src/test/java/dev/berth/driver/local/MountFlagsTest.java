package dev.berth.driver.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MountFlagsTest {

    @Test
    void parse_flagsAndData_splitAsMountTakesThem() {
        assertThat(MountFlags.parse("bind")).isEqualTo(new MountFlags(0x1000, ""));
        assertThat(MountFlags.parse("size=64m,uid=1000")).isEqualTo(new MountFlags(0, "size=64m,uid=1000"));
        assertThat(MountFlags.parse("ro,noexec,size=1m")).isEqualTo(new MountFlags(0x9, "size=1m"));
        assertThat(MountFlags.parse("ro,rw")).isEqualTo(new MountFlags(0, ""));
        assertThat(MountFlags.parse("rbind,rprivate").flags()).isEqualTo(0x1000 | 0x4000 | 0x40000);
        assertThat(MountFlags.parse(null)).isEqualTo(new MountFlags(0, ""));
    }

    @Test
    void mountError_dockerdsWording_propagationLeftOut() {
        assertThat(MountFlags.parse("bind").mountError("/srv/missing", "/v/_data", "no such file or directory"))
                .isEqualTo("mount /srv/missing:/v/_data, flags: 0x1000: no such file or directory");
        assertThat(MountFlags.parse("rbind,rprivate").mountError("/a", "/b", "x"))
                .isEqualTo("mount /a:/b, flags: 0x5000: x");
        assertThat(MountFlags.parse("size=1m").mountError("tmpfs", "/b", "bad"))
                .isEqualTo("mount tmpfs:/b, data: size=1m: bad");
    }

    @Test
    void unescape_mountinfoOctal() {
        assertThat(HostMounts.unescape("/var/lib/my\\040vol")).isEqualTo("/var/lib/my vol");
        assertThat(HostMounts.unescape("/plain")).isEqualTo("/plain");
    }
}
