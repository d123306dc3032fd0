package dev.berth.driver.runc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {

    private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001:app:/home/app:/bin/sh\n";
    private static final String GROUP = "root:x:0:\napp:x:1001:\nstaff:x:50:app,other\nwheel:x:10:app\n";

    private final UserResolver resolver = UserResolver.of(PASSWD, GROUP);

    @Test
    void resolve_empty_root() {
        assertThat(resolver.resolve("")).isEqualTo(new UserResolver.User(0, 0, List.of(), "/root"));
    }

    @Test
    void resolve_name_uidGidAndSupplementaryGroups() {
        assertThat(resolver.resolve("app")).isEqualTo(new UserResolver.User(1000, 1001, List.of(50L, 10L), "/home/app"));
    }

    @Test
    void resolve_nameAndGroupName_explicitGroupNoSupplementary() {
        assertThat(resolver.resolve("app:staff")).isEqualTo(new UserResolver.User(1000, 50, List.of(), "/home/app"));
    }

    @Test
    void resolve_unknownNumericUid_gidZero() {
        assertThat(resolver.resolve("4242")).isEqualTo(new UserResolver.User(4242, 0, List.of(), "/"));
    }

    @Test
    void resolve_numericUidGid_noFilesNeeded(@TempDir Path emptyRootfs) {
        assertThat(UserResolver.forRootfs(emptyRootfs).resolve("12:34")).isEqualTo(new UserResolver.User(12, 34, List.of(), "/"));
    }

    @Test
    void resolve_unknownName_dockerWording() {
        assertThatThrownBy(() -> resolver.resolve("ghost"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessage("unable to find user ghost: no matching entries in passwd file");
    }

    @Test
    void resolve_nameWithoutPasswdFile_notFound(@TempDir Path emptyRootfs) {
        assertThatThrownBy(() -> UserResolver.forRootfs(emptyRootfs).resolve("app"))
                .hasMessage("unable to find user app: no matching entries in passwd file");
    }

    @Test
    void resolve_unknownGroup_dockerWording() {
        assertThatThrownBy(() -> resolver.resolve("app:nogroup"))
                .hasMessage("unable to find group nogroup: no matching entries in group file");
    }

    @Test
    void resolve_groupAdd_namesLookedUp_numbersAsGiven_afterTheUsersOwn_once() {
        assertThat(resolver.resolve("app", List.of("staff", "4321", "wheel", "10", "0")))
                .isEqualTo(new UserResolver.User(1000, 1001, List.of(50L, 10L, 4321L, 0L), "/home/app"));
        assertThat(resolver.resolve("", List.of("app", "777")))
                .isEqualTo(new UserResolver.User(0, 0, List.of(1001L, 777L), "/root"));
    }

    @Test
    void resolve_groupAddUnknownName_dockerdsWords() {
        assertThatThrownBy(() -> resolver.resolve("", List.of("nosuch")))
                .isInstanceOf(EngineException.class)
                .hasMessage("Unable to find group nosuch: no matching entries in group file");
        assertThatThrownBy(() -> resolver.resolve("", List.of("4294967296")))
                .hasMessage("uids and gids must be in range 0-2147483647");
    }
}
