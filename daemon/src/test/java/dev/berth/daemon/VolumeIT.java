package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #9's volume commands as a user types them, with the real docker CLI and the {@code local}
 * driver (drivers/volume-local): create/ls/inspect/rm/prune with labels, filters and options, the
 * errors, the events, and volumes surviving a kill -9 of berthd.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 240)
class VolumeIT {
    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        // an unknown driver is looked up as a Docker plugin for docker-plugin-timeout (dockerd's 30 s by
        // default): 1 s here, the same answer without the wait
        d = BerthdProcess.start("{\"docker-plugin-timeout\": 1}");
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    /** Every volume this class makes is removed by name (the daemon's roots are its own). */
    @AfterEach
    void cleanUp() {
        if (d != null && d.isAlive()) {
            for (String v : lines(d.docker("volume", "ls", "-q"))) {
                d.docker("volume", "rm", "-f", v);
            }
        }
    }

    @Test
    void createListInspectRemove_withLabelsOptionsAndTheDefaultDriver() {
        assertThat(ok(d.docker("volume", "create", "--label", "team=db", "--label", "tier", "vit-data")).out().strip())
                .isEqualTo("vit-data");
        ok(d.docker("volume", "create", "-d", "local", "--opt", "type=tmpfs", "--opt", "device=tmpfs",
                "--opt", "o=size=64m,uid=1000", "vit-tmp"));

        assertThat(lines(ok(d.docker("volume", "ls", "--format", "{{.Driver}} {{.Name}} {{.Scope}}"))))
                .contains("local vit-data local", "local vit-tmp local");
        Result table = ok(d.docker("volume", "ls"));
        assertThat(table.out().lines().findFirst().orElse("")).matches("DRIVER\\s+VOLUME NAME");

        Result inspect = ok(d.docker("volume", "inspect", "-f",
                "{{.Name}} {{.Driver}} {{.Scope}} {{.Labels.team}} {{.Mountpoint}} {{.CreatedAt}}", "vit-data"));
        String[] f = inspect.out().strip().split(" ");
        assertThat(f[0]).isEqualTo("vit-data");
        assertThat(f[1]).isEqualTo("local");
        assertThat(f[2]).isEqualTo("local");
        assertThat(f[3]).isEqualTo("db");
        assertThat(Path.of(f[4])).as("mountpoint on the host").isAbsolute().exists();
        assertThat(Instant.parse(f[5])).isBefore(Instant.now().plusSeconds(1));
        assertThat(ok(d.docker("volume", "inspect", "-f", "{{json .Options}}", "vit-tmp")).out().strip())
                .isEqualTo("{\"device\":\"tmpfs\",\"o\":\"size=64m,uid=1000\",\"type\":\"tmpfs\"}");

        // Created again with the same driver: the same volume, as in Docker.
        ok(d.docker("volume", "create", "vit-data"));
        assertThat(ok(d.docker("volume", "inspect", "-f", "{{.Labels.team}}", "vit-data")).out().strip()).isEqualTo("db");

        assertThat(ok(d.docker("volume", "rm", "vit-data", "vit-tmp")).out().lines()).containsExactly("vit-data", "vit-tmp");
        assertThat(lines(ok(d.docker("volume", "ls", "-q")))).doesNotContain("vit-data", "vit-tmp");
        assertThat(Path.of(f[4])).as("data removed").doesNotExist();
    }

    @Test
    void filters_nameLabelDriverDangling() {
        ok(d.docker("volume", "create", "--label", "env=prod", "vit-f-prod"));
        ok(d.docker("volume", "create", "--label", "env=dev", "vit-f-dev"));
        assertThat(lines(ok(d.docker("volume", "ls", "-q", "--filter", "label=env=prod")))).containsExactly("vit-f-prod");
        assertThat(lines(ok(d.docker("volume", "ls", "-q", "--filter", "label=env")))).containsExactly("vit-f-dev", "vit-f-prod");
        assertThat(lines(ok(d.docker("volume", "ls", "-q", "--filter", "name=f-de")))).containsExactly("vit-f-dev");
        assertThat(lines(ok(d.docker("volume", "ls", "-q", "--filter", "driver=local")))).contains("vit-f-dev", "vit-f-prod");
        assertThat(lines(ok(d.docker("volume", "ls", "-q", "--filter", "dangling=true")))).contains("vit-f-dev", "vit-f-prod");
        assertThat(lines(ok(d.docker("volume", "ls", "-q", "--filter", "dangling=false")))).isEmpty();
        Result bad = d.docker("volume", "ls", "--filter", "bogus=1");
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("invalid filter 'bogus'");
    }

    @Test
    void badInput_dockersWording_andNothingMade() {
        Result unknown = d.docker("volume", "rm", "vit-nosuch");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("Error response from daemon: get vit-nosuch: no such volume");
        assertThat(ok(d.docker("volume", "rm", "-f", "vit-nosuch")).exitCode()).isZero();

        Result shortName = d.docker("volume", "create", "x");
        assertThat(shortName.exitCode()).isNotZero();
        assertThat(shortName.err()).contains("create x: volume name is too short, names should be at least two alphanumeric characters");

        Result slash = d.docker("volume", "create", "a/b");
        assertThat(slash.err()).contains("\"a/b\" includes invalid characters for a local volume name");

        Result driver = d.docker("volume", "create", "-d", "vit-nodriver", "vit-d");
        assertThat(driver.err()).contains("create vit-d: error looking up volume plugin vit-nodriver: plugin \"vit-nodriver\" not found");

        Result opt = d.docker("volume", "create", "--opt", "bogus=1", "vit-opt");
        assertThat(opt.exitCode()).isNotZero();
        assertThat(opt.err()).contains("vit-opt");

        assertThat(lines(ok(d.docker("volume", "ls", "-q")))).doesNotContain("vit-d", "vit-opt", "x");
    }

    @Test
    void prune_anonymousOnlyUnlessAll_andByLabel() {
        String anonymous = ok(d.docker("volume", "create")).out().strip();
        assertThat(anonymous).matches("[0-9a-f]{64}");
        ok(d.docker("volume", "create", "--label", "keep=yes", "vit-keep"));
        ok(d.docker("volume", "create", "vit-named"));

        Result pruned = ok(d.docker("volume", "prune", "-f"));
        assertThat(pruned.out()).contains("Deleted Volumes:", anonymous).doesNotContain("vit-named").contains("Total reclaimed space:");
        assertThat(lines(ok(d.docker("volume", "ls", "-q")))).contains("vit-keep", "vit-named").doesNotContain(anonymous);

        Result all = ok(d.docker("volume", "prune", "-f", "-a", "--filter", "label!=keep"));
        assertThat(all.out()).contains("vit-named").doesNotContain("vit-keep");
        assertThat(lines(ok(d.docker("volume", "ls", "-q")))).contains("vit-keep").doesNotContain("vit-named");
    }

    @Test
    void systemDf_andInfo_showTheVolumes() throws IOException {
        ok(d.docker("volume", "create", "vit-df"));
        Path mountpoint = Path.of(ok(d.docker("volume", "inspect", "-f", "{{.Mountpoint}}", "vit-df")).out().strip());
        Files.writeString(mountpoint.resolve("five"), "12345");
        assertThat(ok(d.docker("system", "df")).out().lines().filter(l -> l.startsWith("Local Volumes")))
                .singleElement().asString().matches("Local Volumes\\s+1\\s+0\\s+\\S+\\s+\\S+.*");
        Result verbose = ok(d.docker("system", "df", "-v"));
        assertThat(verbose.out()).contains("Local Volumes space usage:");
        assertThat(verbose.out().lines().filter(l -> l.startsWith("vit-df ")))
                .singleElement().asString().matches("vit-df\\s+0\\s+\\S+");
        assertThat(ok(d.docker("info", "--format", "{{json .Plugins.Volume}}")).out().strip()).isEqualTo("[\"local\"]");

        // the containers as ps -a --size lists them: a running one with its volume, what it wrote, its status
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
        ok(d.docker("run", "-d", "--name", "vit-dfc", "-v", "vit-df:/v", "busybox", "sh", "-c",
                "busybox dd if=/dev/zero of=/written bs=1024 count=300 2>/dev/null; exec sleep 60"));
        String row = "";
        for (int i = 0; i < 50 && !row.matches(".*\\s3\\d\\dkB\\s.*"); i++) {
            BerthdProcess.sleep(100);
            row = ok(d.docker("system", "df", "-v")).out().lines().filter(l -> l.endsWith(" vit-dfc")).findFirst().orElse("");
        }
        // CONTAINER ID, IMAGE, COMMAND, LOCAL VOLUMES, SIZE, CREATED, STATUS, NAMES
        assertThat(row).matches("[0-9a-f]{12}\\s+busybox\\s+\"sh -c .*\"\\s+1\\s+3\\d\\dkB\\s+.*\\s+Up .*\\s+vit-dfc");
        assertThat(ok(d.docker("system", "df", "-v")).out().lines().filter(l -> l.startsWith("vit-df ")))
                .singleElement().asString().matches("vit-df\\s+1\\s+\\S+");
        // berth's own CLI prints the same sections and rows
        Result berth = BerthdProcess.run(Duration.ofSeconds(60), Path.of("..", "bin", "berth").toAbsolutePath().normalize()
                .toString(), "-H", d.host(), "system", "df", "-v");
        assertThat(berth.exitCode()).as(berth.toString()).isZero();
        assertThat(berth.out()).contains("Images space usage:\n\nREPOSITORY   TAG       IMAGE ID       CREATED", 
                "\nContainers space usage:\n\nCONTAINER ID   IMAGE     COMMAND", "\nLocal Volumes space usage:\n\n",
                "\nBuild cache usage: ");
        assertThat(berth.out().lines().filter(l -> l.endsWith(" vit-dfc"))).singleElement().asString()
                .matches("[0-9a-f]{12}\\s+busybox\\s+\"sh -c .*\"\\s+1\\s+3\\d\\dkB\\s+.*\\s+Up .*\\s+vit-dfc");
        assertThat(berth.out().lines().filter(l -> l.startsWith("vit-df "))).singleElement().asString()
                .matches("vit-df\\s+1\\s+\\S+");
        ok(d.docker("rm", "-f", "vit-dfc"));
    }

    @Test
    void events_createAndDestroy_fromTheJournal() {
        String t0 = String.valueOf(Instant.now().getEpochSecond() - 1);
        ok(d.docker("volume", "create", "vit-ev"));
        ok(d.docker("volume", "rm", "vit-ev"));
        Instant now = Instant.now();
        String until = now.getEpochSecond() + "." + String.format("%09d", now.getNano());
        List<String> events = lines(ok(d.docker(Duration.ofSeconds(30), null, "events", "--since", t0, "--until", until,
                "--filter", "type=volume", "--format", "{{.Type}} {{.Action}} {{.Actor.ID}} {{.Actor.Attributes.driver}}")));
        assertThat(events).containsSubsequence("volume create vit-ev local", "volume destroy vit-ev local");
    }

    @Test
    void volumes_surviveKill9AndRestart_withTheirData() throws IOException {
        Path device = Files.createTempDirectory("vit-bind-");
        try {
            Files.writeString(device.resolve("kept"), "host data");
            ok(d.docker("volume", "create", "--opt", "type=none", "--opt", "o=bind", "--opt", "device=" + device,
                    "vit-bind"));
            ok(d.docker("volume", "create", "--label", "x=y", "vit-keep9"));
            Path mountpoint = Path.of(ok(d.docker("volume", "inspect", "-f", "{{.Mountpoint}}", "vit-keep9")).out().strip());
            Files.writeString(mountpoint.resolve("marker"), "still here");
            ok(d.docker("volume", "create", "vit-gone"));
            ok(d.docker("volume", "rm", "vit-gone"));

            d.kill9();
            d.restart();

            assertThat(lines(ok(d.docker("volume", "ls", "-q")))).contains("vit-keep9", "vit-bind").doesNotContain("vit-gone");
            assertThat(ok(d.docker("volume", "inspect", "-f", "{{.Labels.x}} {{.Mountpoint}}", "vit-keep9")).out().strip())
                    .isEqualTo("y " + mountpoint);
            assertThat(Files.readString(mountpoint.resolve("marker"))).isEqualTo("still here");
            ok(d.docker("volume", "rm", "vit-keep9", "vit-bind"));
            assertThat(mountpoint).doesNotExist();
            // A bind volume's device is the user's directory: removing the volume never deletes it.
            assertThat(Files.readString(device.resolve("kept"))).isEqualTo("host data");
        } finally {
            try (Stream<Path> files = Files.walk(device)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("expected success: %s", r).isZero();
        return r;
    }

    private static List<String> lines(Result r) {
        return r.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
