package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12 item 4: who may use the unix socket. It is 0660 root:GROUP, the group made if missing; a
 * user in the group can {@code docker ps}, one outside gets "permission denied". Users and the group
 * are this test's own (random names), removed at the end.
 */
@Timeout(value = 180)
class SocketGroupIT {
    private final String suffix = UUID.randomUUID().toString().substring(0, 6);
    private final String group = "btg" + suffix;
    private final String member = "btm" + suffix;
    private final String stranger = "bts" + suffix;

    @AfterEach
    void removeUsersAndGroup() {
        BerthdProcess.run(Duration.ofSeconds(30), "userdel", member);
        BerthdProcess.run(Duration.ofSeconds(30), "userdel", stranger);
        BerthdProcess.run(Duration.ofSeconds(30), "groupdel", group);
    }

    @Test
    void socket_is0660OfTheGroupMadeForIt_membersMayUseIt_othersAreDenied() throws IOException {
        BerthdProcess.requireEnvironment();
        assertThat(SocketGroup.exists(group)).as("a fresh group name").isFalse();
        try (BerthdProcess d = BerthdProcess.start("{\"group\": \"" + group + "\"}")) {
            assertThat(SocketGroup.exists(group)).as("berthd created the group").isTrue();
            PosixFileAttributes attrs = Files.readAttributes(d.socket(), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            assertThat(PosixFilePermissions.toString(attrs.permissions())).isEqualTo("rw-rw----");
            assertThat(attrs.owner().getName()).isEqualTo("root");
            assertThat(attrs.group().getName()).isEqualTo(group);

            ok(BerthdProcess.run(Duration.ofSeconds(30), "useradd", "--system", "--no-create-home", "-G", group,
                    member));
            ok(BerthdProcess.run(Duration.ofSeconds(30), "useradd", "--system", "--no-create-home", stranger));
            // the test daemon's socket sits in a 0700 temp dir: open the way to it, the socket decides
            ok(BerthdProcess.run(Duration.ofSeconds(10), "chmod", "755", d.socket().getParent().toString()));
            Path config = Files.createTempDirectory("berth-cli-");
            try {
                ok(BerthdProcess.run(Duration.ofSeconds(10), "chmod", "777", config.toString()));
                Result allowed = dockerAs(member, d, config);
                assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
                assertThat(allowed.out()).startsWith("CONTAINER ID");

                Result denied = dockerAs(stranger, d, config);
                assertThat(denied.exitCode()).as(denied.toString()).isNotZero();
                assertThat(denied.err()).contains("permission denied");
            } finally {
                BerthdProcess.run(Duration.ofSeconds(10), "rm", "-rf", config.toString());
            }
        }
    }

    @Test
    void aGroupThatCannotBeMade_stopsTheStart_sayingSo() {
        assertThatThrownBy(() -> BerthdProcess.start("{\"group\": \"no:such group\"}").close())
                .hasMessageContaining("berthd exited with 1")
                .hasMessageContaining("cannot create group no:such group for the API socket");
    }

    private static Result dockerAs(String user, BerthdProcess d, Path config) {
        return BerthdProcess.run(Duration.ofSeconds(30), "runuser", "-u", user, "--", "env",
                "DOCKER_CONFIG=" + config, "docker", "-H", d.host(), "ps");
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
