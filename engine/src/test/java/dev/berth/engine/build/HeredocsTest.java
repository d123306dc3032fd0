package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.dockerfile.Heredoc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeredocsTest {

    @TempDir
    Path scratch;

    @Test
    void materialize_expandsUnquotedOnly_dropsTabsWithDash() throws Exception {
        Path dir = Heredocs.materialize(scratch, List.of(new Heredoc("a.conf", "user=$U home=${HOME_DIR}/x $NONE.\n", true, false),
                new Heredoc("lit", "keep $U\n", false, false), new Heredoc("tabs", "\t\tindented\n", true, true)),
                Map.of("U", "app", "HOME_DIR", "/home/app"));
        assertThat(Files.readString(dir.resolve("a.conf"))).isEqualTo("user=app home=/home/app/x .\n");
        assertThat(Files.readString(dir.resolve("lit"))).isEqualTo("keep $U\n");
        assertThat(Files.readString(dir.resolve("tabs"))).isEqualTo("indented\n");
        Heredocs.delete(dir);
        assertThat(dir).doesNotExist();
    }
}
