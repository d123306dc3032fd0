package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** Swarm-mode commands get dockerd's answers for a node outside a swarm, as the docker CLI prints them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120)
class SwarmModeIT {
    private static final String NOT_A_MANAGER = "Error response from daemon: This node is not a swarm manager. "
            + "Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.\n";

    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start();
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @Test
    void managerCommands_exit1_withDockersNotAManagerMessage() {
        for (String[] cmd : new String[][] {{"node", "ls"}, {"service", "ls"}, {"secret", "ls"}, {"config", "ls"},
                {"service", "ps", "web"}, {"swarm", "unlock-key"}}) {
            Result r = d.docker(cmd);
            assertThat(r.exitCode()).as(String.join(" ", cmd) + ": " + r).isEqualTo(1);
            // the CLI puts its own context before some (unlock-key: "could not fetch unlock key: ")
            assertThat(r.err()).as(String.join(" ", cmd)).endsWith(NOT_A_MANAGER);
        }
        assertThat(d.docker("node", "ls").err()).isEqualTo(NOT_A_MANAGER);
    }

    @Test
    void swarmLeave_exit1_notPartOfASwarm() {
        Result r = d.docker("swarm", "leave", "--force");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error response from daemon: This node is not part of a swarm\n");
    }

    @Test
    void pluginLs_emptyTable() {
        Result r = d.docker("plugin", "ls", "--format", "{{.Name}}");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).isEmpty();
    }
}
