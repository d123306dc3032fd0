package dev.berth.cli.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.CliContext;
import dev.berth.cli.FakeDaemon;
import dev.berth.cli.Main;
import dev.berth.cli.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@code volume …} against a fake daemon. */
class VolumeCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_100), ZoneOffset.UTC);
    private static final byte[] NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private int berthWithStdin(FakeDaemon d, String stdin, String... args) {
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of("DOCKER_HOST", d.host()), CLOCK);
        return Main.run(args, ctx);
    }

    private int berth(FakeDaemon d, String... args) {
        return berthWithStdin(d, "", args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static FakeDaemon daemon(Function<FakeDaemon.Request, byte[]> h) throws Exception {
        return new FakeDaemon(h);
    }

    private static Object body(FakeDaemon.Request r) {
        return Json.parse(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static final String VOLUMES = "{\"Volumes\":["
            + "{\"Name\":\"vol10\",\"Driver\":\"local\",\"Scope\":\"local\",\"Labels\":{\"b\":\"2\",\"a\":\"1\"},"
            + "\"Mountpoint\":\"/var/lib/berth/volumes/vol10/_data\"},"
            + "{\"Name\":\"vol2\",\"Driver\":\"other\",\"Scope\":\"local\",\"Labels\":null}],\"Warnings\":[]}";

    @Test
    void ls_isDockersTableInNaturalOrder_andPassesFilters() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, VOLUMES))) {
            assertThat(berth(d, "volume", "ls", "-f", "dangling=true", "--filter", "label=a")).isZero();
            assertThat(out()).isEqualTo("DRIVER    VOLUME NAME\nother     vol2\nlocal     vol10\n");
            String target = URLDecoder.decode(d.requests.get(0).target(), StandardCharsets.UTF_8);
            assertThat(target).endsWith("/volumes?filters={\"dangling\":{\"true\":true},\"label\":{\"a\":true}}");
        }
    }

    @Test
    void ls_quietAndFormat() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, VOLUMES))) {
            assertThat(berth(d, "volume", "ls", "-q")).isZero();
            assertThat(out()).isEqualTo("vol2\nvol10\n");
            out.reset();
            assertThat(berth(d, "volume", "ls", "--format", "{{.Name}} {{.Labels}} {{.Label \"b\"}} {{.Mountpoint}}")).isZero();
            assertThat(out()).isEqualTo("vol2   \nvol10 a=1,b=2 2 /var/lib/berth/volumes/vol10/_data\n");
        }
    }

    @Test
    void create_sendsDriverOptsLabels_printsName() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Name\":\"data\"}"))) {
            assertThat(berth(d, "volume", "create", "-d", "local", "--opt", "type=tmpfs", "-o", "o=size=64m",
                    "--label", "team=db", "--label", "solo", "data")).isZero();
            assertThat(out()).isEqualTo("data\n");
            var r = d.requests.get(0);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.target()).endsWith("/volumes/create");
            assertThat(body(r)).isEqualTo(Json.parse("{\"Name\":\"data\",\"Driver\":\"local\","
                    + "\"DriverOpts\":{\"type\":\"tmpfs\",\"o\":\"size=64m\"},\"Labels\":{\"team\":\"db\",\"solo\":\"\"}}"));
        }
    }

    @Test
    void create_nameTwice_isDockersUsageError() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(201, "{\"Name\":\"data\"}"))) {
            assertThat(berth(d, "volume", "create", "--name", "a", "b")).isEqualTo(1);
            assertThat(err()).isEqualTo("conflicting options: cannot specify a volume-name through both --name and as a positional arg\n");
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void rm_reportsEachFailure_keepsGoing_andPassesForce() throws Exception {
        try (FakeDaemon d = daemon(r -> r.target().contains("/volumes/b")
                ? FakeDaemon.json(404, "{\"message\":\"get b: no such volume\"}") : NO_CONTENT)) {
            assertThat(berth(d, "volume", "rm", "-f", "a", "b", "c")).isEqualTo(1);
            assertThat(out()).isEqualTo("a\nc\n");
            assertThat(err()).isEqualTo("Error response from daemon: get b: no such volume\n");
            assertThat(d.requests.get(0).target()).endsWith("/volumes/a?force=1");
        }
    }

    @Test
    void prune_all_sendsAllFilter_andPrintsDeletedAndSpace() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "{\"VolumesDeleted\":[\"x\",\"y\"],\"SpaceReclaimed\":2000}"))) {
            assertThat(berthWithStdin(d, "y\n", "volume", "prune", "-a", "--filter", "label=keep")).isZero();
            assertThat(out()).isEqualTo("WARNING! This will remove all local volumes not used by at least one container.\n"
                    + "Are you sure you want to continue? [y/N] Deleted Volumes:\nx\ny\n\nTotal reclaimed space: 2kB\n");
            String target = URLDecoder.decode(d.requests.get(0).target(), StandardCharsets.UTF_8);
            assertThat(target).endsWith("/volumes/prune?filters={\"all\":{\"true\":true},\"label\":{\"keep\":true}}");
        }
    }

    @Test
    void prune_declined_sendsNothing() throws Exception {
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, "{}"))) {
            assertThat(berthWithStdin(d, "n\n", "volume", "prune")).isZero();
            assertThat(out()).isEqualTo("WARNING! This will remove anonymous local volumes not used by at least one container.\n"
                    + "Are you sure you want to continue? [y/N] ");
            assertThat(err()).isEmpty();
            assertThat(d.requests).isEmpty();
        }
    }

    @Test
    void inspect_printsArray_andReportsUnknown() throws Exception {
        try (FakeDaemon d = daemon(r -> r.target().contains("/volumes/nope")
                ? FakeDaemon.json(404, "{\"message\":\"get nope: no such volume\"}")
                : FakeDaemon.json(200, "{\"Name\":\"data\",\"Driver\":\"local\"}"))) {
            assertThat(berth(d, "volume", "inspect", "--format", "{{.Name}} {{.Driver}}", "data", "nope")).isEqualTo(1);
            assertThat(out()).isEqualTo("data local\n");
            assertThat(err()).isEqualTo("Error response from daemon: get nope: no such volume\n");
        }
    }

    @Test
    void systemDf_localVolumesRow_countsActiveAndReclaimableLikeDocker() throws Exception {
        String df = "{\"LayersSize\":0,\"Images\":[],\"Containers\":[],\"BuildCache\":[],\"Volumes\":["
                + "{\"Name\":\"a\",\"UsageData\":{\"Size\":1000,\"RefCount\":1}},"
                + "{\"Name\":\"b\",\"UsageData\":{\"Size\":3000,\"RefCount\":0}},"
                + "{\"Name\":\"c\",\"UsageData\":{\"Size\":-1,\"RefCount\":0}}]}";
        try (FakeDaemon d = daemon(r -> FakeDaemon.json(200, df))) {
            assertThat(berth(d, "system", "df")).isZero();
            assertThat(out().lines().filter(l -> l.startsWith("Local Volumes")).findFirst().orElseThrow())
                    .matches("Local Volumes\\s+3\\s+1\\s+4kB\\s+3kB \\(75%\\)");
        }
    }
}
