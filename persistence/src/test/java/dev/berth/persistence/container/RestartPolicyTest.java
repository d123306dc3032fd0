package dev.berth.persistence.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {

    @Test
    void of_emptyOrMissingName_isNo() {
        assertThat(RestartPolicy.of("", 0)).isEqualTo(RestartPolicy.NO);
        assertThat(RestartPolicy.of(null, 0)).isEqualTo(RestartPolicy.NO);
    }

    @Test
    void of_eachDockerName_parses() {
        assertThat(RestartPolicy.of("always", 0).name()).isEqualTo(RestartPolicy.Name.ALWAYS);
        assertThat(RestartPolicy.of("unless-stopped", 0).name()).isEqualTo(RestartPolicy.Name.UNLESS_STOPPED);
        assertThat(RestartPolicy.of("on-failure", 5)).isEqualTo(new RestartPolicy(RestartPolicy.Name.ON_FAILURE, 5));
        assertThat(RestartPolicy.of("no", 0)).isEqualTo(RestartPolicy.NO);
    }

    @Test
    void of_unknownName_dockersMessage() {
        assertThatThrownBy(() -> RestartPolicy.of("sometimes", 0))
                .isInstanceOf(EngineException.class)
                .hasMessage("invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', "
                        + "'on-failure', or 'unless-stopped'")
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void new_retriesOnAnotherPolicy_dockersMessage() {
        assertThatThrownBy(() -> RestartPolicy.of("always", 3))
                .hasMessage("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        // An empty name is "no" first, as dockerd normalises it before validating.
        assertThatThrownBy(() -> RestartPolicy.of("", 3))
                .hasMessage("invalid restart policy: maximum retry count can only be used with 'on-failure'");
        assertThatThrownBy(() -> RestartPolicy.of("unless-stopped", -1))
                .hasMessage("invalid restart policy: maximum retry count can only be used with 'on-failure' "
                        + "and cannot be negative");
    }

    @Test
    void new_negativeRetriesOnFailure_dockersMessage() {
        assertThatThrownBy(() -> RestartPolicy.of("on-failure", -1))
                .hasMessage("invalid restart policy: maximum retry count cannot be negative");
    }

    @Test
    void restarts_eachPolicy() {
        var always = RestartPolicy.of("always", 0);
        assertThat(always.restarts(0, false, 0)).isTrue();
        // as dockerd's restart manager: only the cancelled run (the caller's business) keeps it down
        assertThat(always.restarts(137, true, 0)).isTrue();
        assertThat(RestartPolicy.of("unless-stopped", 0).restarts(0, false, 9)).isTrue();
        assertThat(RestartPolicy.of("unless-stopped", 0).restarts(137, true, 0)).isFalse();
        assertThat(RestartPolicy.of("on-failure", 0).restarts(137, true, 0)).isTrue();
        var onFailure = RestartPolicy.of("on-failure", 2);
        assertThat(onFailure.restarts(0, false, 0)).isFalse();
        assertThat(onFailure.restarts(1, false, 1)).isTrue();
        assertThat(onFailure.restarts(1, false, 2)).isFalse();
        assertThat(RestartPolicy.of("on-failure", 0).restarts(1, false, 100)).isTrue();
        assertThat(RestartPolicy.NO.restarts(1, false, 0)).isFalse();
        // a Go int count beyond Java's int (on-failure:3000000000) is a limit no restart count reaches
        assertThat(RestartPolicy.of("on-failure", 3_000_000_000L).restarts(1, false, Integer.MAX_VALUE)).isTrue();
    }
}
