package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    @Test
    void resolve_noChanges_dockerDefault14() {
        assertThat(Capabilities.resolve(false, List.of(), List.of(), 40)).hasSize(14)
                .contains("CAP_CHOWN", "CAP_AUDIT_WRITE", "CAP_NET_RAW").doesNotContain("CAP_SYS_ADMIN");
    }

    @Test
    void resolve_addWithAndWithoutPrefix_added() {
        assertThat(Capabilities.resolve(false, List.of("net_admin", "CAP_SYS_PTRACE"), List.of(), 40))
                .contains("CAP_NET_ADMIN", "CAP_SYS_PTRACE").hasSize(16);
    }

    @Test
    void resolve_drop_removed() {
        assertThat(Capabilities.resolve(false, List.of(), List.of("NET_RAW", "CAP_CHOWN"), 40))
                .doesNotContain("CAP_NET_RAW", "CAP_CHOWN").hasSize(12);
    }

    @Test
    void resolve_addAllDropOne_allButOne() {
        List<String> caps = Capabilities.resolve(false, List.of("ALL"), List.of("SYS_ADMIN"), 40);
        assertThat(caps).hasSize(40).doesNotContain("CAP_SYS_ADMIN");
    }

    @Test
    void resolve_dropAllAddOne_onlyThatOne() {
        assertThat(Capabilities.resolve(false, List.of("KILL"), List.of("all"), 40)).containsExactly("CAP_KILL");
    }

    @Test
    void resolve_privileged_everyKernelCap() {
        assertThat(Capabilities.resolve(true, List.of(), List.of("ALL"), 37)).hasSize(38).contains("CAP_AUDIT_READ")
                .doesNotContain("CAP_BPF");
    }

    @Test
    void resolve_unknown_invalidArgument() {
        assertThatThrownBy(() -> Capabilities.resolve(false, List.of("FLY"), List.of(), 40))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("CAP_FLY");
    }

    @Test
    void resolve_privileged_onlyWhatTheDaemonHolds() {
        long withoutSysResource = ~(1L << 24);
        List<String> caps = Capabilities.resolve(true, List.of(), List.of(), 40, withoutSysResource);
        assertThat(caps).hasSize(40).doesNotContain("CAP_SYS_RESOURCE").contains("CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE");
        assertThat(Capabilities.resolve(false, List.of("ALL"), List.of(), 40, withoutSysResource))
                .doesNotContain("CAP_SYS_RESOURCE");
    }
}
