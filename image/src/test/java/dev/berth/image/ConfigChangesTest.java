package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.image.ImageConfig.ContainerDefaults;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigChangesTest {
    private static ContainerDefaults apply(String... changes) {
        return ConfigChanges.apply(ContainerDefaults.EMPTY, List.of(changes));
    }

    @Test
    void cmd_jsonForm_isExec() {
        assertThat(apply("CMD [\"/bin/sh\", \"-c\", \"echo hi\"]").cmd()).containsExactly("/bin/sh", "-c", "echo hi");
    }

    @Test
    void cmd_shellForm_wrapsInShell() {
        assertThat(apply("CMD echo $HOME").cmd()).containsExactly("/bin/sh", "-c", "echo $HOME");
    }

    @Test
    void cmd_brokenJson_isShellForm() {
        assertThat(apply("CMD [\"a\", ").cmd()).containsExactly("/bin/sh", "-c", "[\"a\",");
    }

    @Test
    void cmd_emptyArray_isEmptyNotUnset() {
        assertThat(apply("CMD []").cmd()).isEmpty();
    }

    @Test
    void entrypoint_withoutCmdInSameChanges_clearsCmd() {
        ContainerDefaults base = ContainerDefaults.EMPTY.withCmd(List.of("sh"));
        assertThat(ConfigChanges.apply(base, List.of("ENTRYPOINT [\"/init\"]")).cmd()).isNull();
        ContainerDefaults both = ConfigChanges.apply(base, List.of("CMD [\"x\"]", "ENTRYPOINT /init"));
        assertThat(both.cmd()).containsExactly("x");
        assertThat(both.entrypoint()).containsExactly("/bin/sh", "-c", "/init");
    }

    @Test
    void env_forms_allSet() {
        ContainerDefaults c = apply("ENV A=1 B=\"two words\" C='$A'", "ENV D the rest of line", "env E=$A-x");
        assertThat(c.env()).containsExactly("A=1", "B=two words", "C=$A", "D=the rest of line", "E=1-x");
    }

    @Test
    void env_sameKey_replacesInPlace() {
        assertThat(apply("ENV A=1 B=2", "ENV A=3").env()).containsExactly("A=3", "B=2");
    }

    @Test
    void env_defaultsExpansion() {
        assertThat(apply("ENV A=${UNSET:-dflt} B=${UNSET:+alt}").env()).containsExactly("A=dflt", "B=");
    }

    @Test
    void env_noValue_error() {
        assertThatThrownBy(() -> apply("ENV A")).hasMessage("ENV must have two arguments");
        assertThatThrownBy(() -> apply("ENV")).hasMessage("ENV requires at least one argument");
    }

    @Test
    void workdir_relative_joinsCurrent() {
        assertThat(apply("WORKDIR /app", "WORKDIR sub/../src").workingDir()).isEqualTo("/app/src");
        assertThat(apply("WORKDIR rel").workingDir()).isEqualTo("/rel");
    }

    @Test
    void userStopsignal_setVerbatim() {
        ContainerDefaults c = apply("USER 1000:1000", "STOPSIGNAL SIGQUIT");
        assertThat(c.user()).isEqualTo("1000:1000");
        assertThat(c.stopSignal()).isEqualTo("SIGQUIT");
    }

    @Test
    void expose_portsAndRanges() {
        assertThat(apply("EXPOSE 80/tcp 53/udp 8000-8001 443").exposedPorts())
                .containsExactlyInAnyOrder("80/tcp", "53/udp", "8000/tcp", "8001/tcp", "443/tcp");
        assertThatThrownBy(() -> apply("EXPOSE 80/xyz")).hasMessage("invalid proto: xyz");
        assertThatThrownBy(() -> apply("EXPOSE abc")).hasMessage("invalid containerPort: abc");
    }

    @Test
    void label_pairsWithQuotes() {
        assertThat(apply("LABEL a=b \"c d\"=\"e f\"", "LABEL legacy value here").labels())
                .isEqualTo(Map.of("a", "b", "c d", "e f", "legacy", "value here"));
    }

    @Test
    void volume_jsonAndWords() {
        assertThat(apply("VOLUME [\"/data\", \"/logs\"]", "VOLUME /a /b").volumes())
                .containsExactlyInAnyOrder("/data", "/logs", "/a", "/b");
    }

    @Test
    void unknownInstruction_dockerMessage_nothingApplied() {
        assertThatThrownBy(() -> apply("ENV A=1", "RUN echo hi"))
                .isInstanceOf(EngineException.class)
                .hasMessage("RUN is not a valid change command")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> apply("from busybox")).hasMessage("from is not a valid change command");
    }

    @Test
    void blankAndComments_ignored() {
        assertThat(apply("", "  ", "# c")).isEqualTo(ContainerDefaults.EMPTY);
    }

    @Test
    void healthcheck_shellFormWithFlags_isCmdShellInNanos() {
        assertThat(apply("HEALTHCHECK --interval=1s --timeout=500ms --start-period=2m --start-interval=100ms --retries=2 "
                + "CMD test -f /ready").healthcheck()).isEqualTo(new ImageConfig.HealthConfig(
                List.of("CMD-SHELL", "test -f /ready"), 1_000_000_000L, 500_000_000L, 120_000_000_000L, 100_000_000L, 2));
    }

    @Test
    void healthcheck_jsonFormAndNone() {
        assertThat(apply("HEALTHCHECK CMD [\"true\"]").healthcheck().test()).containsExactly("CMD", "true");
        assertThat(apply("HEALTHCHECK NONE").healthcheck().test()).containsExactly("NONE");
    }

    @Test
    void healthcheck_badInput_buildersMessages() {
        assertThatThrownBy(() -> apply("HEALTHCHECK NONE x")).hasMessage("HEALTHCHECK NONE takes no arguments");
        assertThatThrownBy(() -> apply("HEALTHCHECK CMD")).hasMessage("Missing command after HEALTHCHECK CMD");
        assertThatThrownBy(() -> apply("HEALTHCHECK RUN x")).hasMessage("Unknown type \"RUN\" in HEALTHCHECK (try CMD)");
        assertThatThrownBy(() -> apply("HEALTHCHECK --retries=-1 CMD true")).hasMessage("--retries cannot be negative (-1)");
        assertThatThrownBy(() -> apply("HEALTHCHECK --interval=10us CMD true"))
                .hasMessage("Interval \"interval\" cannot be less than 1ms");
    }

    @Test
    void onbuild_appendsTriggers_refusesFromMaintainerAndChains() {
        assertThat(apply("ONBUILD RUN echo one", "ONBUILD COPY . /app").onBuild())
                .containsExactly("RUN echo one", "COPY . /app");
        assertThatThrownBy(() -> apply("ONBUILD FROM busybox"))
                .hasMessage("FROM isn't allowed as an ONBUILD trigger");
        assertThatThrownBy(() -> apply("ONBUILD maintainer me"))
                .hasMessage("MAINTAINER isn't allowed as an ONBUILD trigger");
        assertThatThrownBy(() -> apply("ONBUILD ONBUILD RUN x"))
                .hasMessage("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    }
}
