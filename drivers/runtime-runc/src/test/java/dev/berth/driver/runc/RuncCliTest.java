package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.spi.ErrorKind;
import dev.berth.spi.runtime.StartFailedException;
import dev.berth.spi.runtime.StartFailure;
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
    void startError_runcMessages_failureKindOnce() {
        // what runc 1.1 prints for `nosuch`, `/no/such/binary`, `/etc` and `/etc/passwd`
        assertFailure("unable to start container process: exec: \"nosuch\": executable file not found in $PATH",
                StartFailure.COMMAND_NOT_FOUND, ErrorKind.INVALID_ARGUMENT);
        assertFailure("unable to start container process: exec: \"/no/such/binary\": stat /no/such/binary: "
                + "no such file or directory", StartFailure.COMMAND_NOT_FOUND, ErrorKind.INVALID_ARGUMENT);
        assertFailure("unable to start container process: exec: \"/etc\": permission denied",
                StartFailure.NOT_EXECUTABLE, ErrorKind.INVALID_ARGUMENT);
        assertFailure("exec: \"/etc\": is a directory", StartFailure.NOT_EXECUTABLE, ErrorKind.INVALID_ARGUMENT);
        assertFailure("cgroup: device or resource busy", StartFailure.OTHER, ErrorKind.UNAVAILABLE);
    }

    @Test
    void startError_crunMessages_sameKindsAsRunc() {
        // what crun 1.8 prints for `nosuch`, `/etc/passwd` and `/bin`
        assertFailure(RuncCli.errorMessage("{\"msg\":\"executable file `nosuch` not found in $PATH: No such file or "
                + "directory\",\"level\":\"error\"}"), StartFailure.COMMAND_NOT_FOUND, ErrorKind.INVALID_ARGUMENT);
        assertFailure("open executable: Permission denied", StartFailure.NOT_EXECUTABLE, ErrorKind.INVALID_ARGUMENT);
        assertFailure("open executable: Operation not permitted", StartFailure.NOT_EXECUTABLE, ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void errorMessage_crunNotFound_inRuncsWords() {
        assertThat(RuncCli.errorMessage("executable file `nosuch` not found in $PATH: No such file or directory\n"))
                .isEqualTo("exec: \"nosuch\": executable file not found in $PATH");
    }

    private static void assertFailure(String runcMessage, StartFailure failure, ErrorKind kind) {
        StartFailedException e = RuncRuntimeDriver.startError(runcMessage);
        assertThat(e.failure()).as(runcMessage).isEqualTo(failure);
        assertThat(e.kind()).as(runcMessage).isEqualTo(kind);
        assertThat(e.getMessage()).isEqualTo(runcMessage);
    }
}
