package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.ErrorKind;
import org.junit.jupiter.api.Test;

class RuncCliTest {

    @Test
    void errorMessage_logrusText_msgUnescaped() {
        assertThat(RuncCli.errorMessage("time=\"2024-01-01T00:00:00Z\" level=error msg=\"container \\\"x\\\" does not exist\"\n"))
                .isEqualTo("container \"x\" does not exist");
    }

    @Test
    void errorMessage_json_msg() {
        assertThat(RuncCli.errorMessage("{\"level\":\"error\",\"msg\":\"boom\",\"time\":\"t\"}")).isEqualTo("boom");
    }

    @Test
    void startError_missingExecutable_invalidArgument() {
        assertThat(RuncRuntimeDriver.startError("exec: \"nope\": executable file not found in $PATH").kind())
                .isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(RuncRuntimeDriver.startError("cgroup: device or resource busy").kind()).isEqualTo(ErrorKind.UNAVAILABLE);
    }
}
