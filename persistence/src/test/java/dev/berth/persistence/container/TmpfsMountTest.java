package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TmpfsMountTest {

    @Test
    void parse_optionsInOrder_renderedAsGiven() {
        TmpfsMount t = TmpfsMount.parse("/run", "rw,noexec,size=64m,mode=1777");
        assertThat(t.options()).containsExactly("rw", "noexec", "size=64m", "mode=1777");
        assertThat(t.optionString()).isEqualTo("rw,noexec,size=64m,mode=1777");
        assertThat(TmpfsMount.parse("/run", "").options()).isEmpty();
        assertThat(TmpfsMount.parse("/run", null).optionString()).isEmpty();
    }

    @Test
    void parse_unknownOption_dockersMessage() {
        assertThatThrownBy(() -> TmpfsMount.parse("/run", "rw,bogus"))
                .hasMessage("invalid tmpfs option [\"bogus\"]");
        assertThatThrownBy(() -> TmpfsMount.parse("/run", "color=blue"))
                .hasMessage("invalid tmpfs option [\"color\" \"blue\"]");
    }

    @Test
    void new_badTarget_dockersMessage() {
        assertThatThrownBy(() -> new TmpfsMount("run", List.of()))
                .hasMessage("invalid mount path: 'run' mount path must be absolute");
        assertThatThrownBy(() -> new TmpfsMount("/", List.of()))
                .hasMessage("invalid specification: destination can't be '/'");
    }
}
