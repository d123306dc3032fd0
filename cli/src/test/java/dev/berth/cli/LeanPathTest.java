package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.cmd.Lean;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lean path (no picocli) and the full tree print the same, byte for byte, and exit alike, for
 * the lines the lean path takes; the lines it leaves to the tree never reach the daemon from it.
 */
class LeanPathTest {
    /** Not UTC, so a template that asks for CreatedAt shows the zone's name as docker would. */
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_100), ZoneId.of("Europe/Paris"));
    private static final String LIST = "[{\"Id\":\"0123456789abcdef0123\",\"Names\":[\"/web\",\"/other/alias\"],"
            + "\"Image\":\"docker.io/library/alpine:latest\",\"ImageID\":\"sha256:aa\",\"Command\":\"sleep 100000000000000\","
            + "\"Created\":1700000000,\"Ports\":[{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":8080,\"Type\":\"tcp\"},"
            + "{\"PrivatePort\":53,\"Type\":\"udp\"}],\"Labels\":{\"b\":\"2\",\"a\":\"1\"},\"State\":\"running\","
            + "\"Status\":\"Up 2 minutes\",\"SizeRw\":12,\"SizeRootFs\":4096,"
            + "\"Mounts\":[{\"Name\":\"data\",\"Driver\":\"local\"},{\"Source\":\"/very/long/host/path/x\"}],"
            + "\"NetworkSettings\":{\"Networks\":{\"bridge\":{}}}},"
            + "{\"Id\":\"fedcba9876543210fedc\",\"Names\":[\"/db\"],\"Image\":\"sha256:aa\",\"ImageID\":\"sha256:aa\","
            + "\"Command\":\"\",\"Created\":1600000000,\"Ports\":[],\"Labels\":null,\"State\":\"exited\","
            + "\"Status\":\"Exited (0) 3 days ago\"}]";
    private static final String OBJECT = "{\"Id\":\"0123456789abcdef0123\",\"Name\":\"/web\",\"Created\":"
            + "\"2023-11-14T22:13:20.5Z\",\"State\":{\"Status\":\"running\",\"Pid\":42,\"Running\":true},"
            + "\"Config\":{\"Env\":[\"A=<b>&\"],\"Labels\":{}},\"Mounts\":[],\"Size\":1.5}";

    @ParameterizedTest
    @ValueSource(strings = {
        "ps", "ps -a", "ps -aq", "ps --all --no-trunc", "ps -s", "ps -a --size", "ps -n 2", "ps --last=1", "ps -l",
        "ps -a -f name=web -f status=running", "ps --filter=label=a", "ps --format {{.Names}}",
        "ps --format=table_{{.ID}}\\t{{.Labels}}", "ps --format {{json_.}}", "ps --format {{.CreatedAt}}",
        "ps --format {{.Label_\"a\"}}|{{.Mounts}}|{{.Networks}}|{{.LocalVolumes}}", "ps -q --format {{.Names}}",
        "ps --format {{.Bogus}}", "ps --format {{.ID", "ps -f bogus", "container ls -f bogus", "container ls -a", "container ps",
        "container list -q", "-H tcp://127.0.0.1:1 ps", "--host=unix:///nonexistent.sock inspect web", "ps --at 2023-11-14T22:13:20Z",
        "inspect web", "inspect web db", "inspect -f {{.State.Pid}} web", "inspect --format={{json_.Config}} web",
        "inspect --format {{.Name}}_{{.Size}} web", "inspect -s web", "inspect --type container web",
        "inspect --type bogus web", "inspect --type=image web", "container inspect web", "image inspect web",
        "inspect missing", "inspect web missing", "container inspect missing", "inspect -f {{.Nope.X}} web",
    })
    void leanAndFullTree_printTheSame(String line) throws Exception {
        String[] args = args(line);
        try (FakeDaemon d = new FakeDaemon(LeanPathTest::answer)) {
            Result lean = run(d, args, true);
            Result full = run(d, args, false);
            assertThat(lean.took).as("the lean path takes %s", line).isTrue();
            assertThat(lean.out).isEqualTo(full.out);
            assertThat(lean.err).isEqualTo(full.err);
            assertThat(lean.code).isEqualTo(full.code);
        }
    }

    /** run -d: the same create body and start, the same id printed; failures worded and coded alike. */
    @ParameterizedTest
    @ValueSource(strings = {
        "run -d alpine", "run -d --rm --name web -e A=B -e C --network none -w /tmp -u 1:2 --init alpine echo -n hi",
        "container run --detach --net=host -it alpine sh", "run -d --pull never nosuch", "run -d --pull bogus alpine",
        "run -d --name taken alpine", "run -d --network=x,foo=1 alpine", "container run -d --network a,bad=1 alpine",
    })
    void run_detached_sameRequestsAndOutput(String line) throws Exception {
        String[] args = args(line);
        try (FakeDaemon lean = new FakeDaemon(LeanPathTest::create); FakeDaemon full = new FakeDaemon(LeanPathTest::create)) {
            Result a = run(lean, args, true);
            Result b = run(full, args, false);
            assertThat(a.took).isTrue();
            assertThat(a.out).isEqualTo(b.out);
            assertThat(a.err).isEqualTo(b.err);
            assertThat(a.code).isEqualTo(b.code);
            assertThat(lean.requests).hasSameSizeAs(full.requests);
            for (int i = 0; i < lean.requests.size(); i++) {
                assertThat(lean.requests.get(i).target()).isEqualTo(full.requests.get(i).target());
                assertThat(new String(lean.requests.get(i).body(), StandardCharsets.UTF_8))
                        .isEqualTo(new String(full.requests.get(i).body(), StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] create(FakeDaemon.Request r) {
        String t = r.target();
        if (t.contains("name=taken")) {
            return FakeDaemon.json(409, "{\"message\":\"Conflict. The container name \\\"/taken\\\" is already in use\"}");
        }
        if (t.startsWith("/v1.50/containers/create") && new String(r.body(), StandardCharsets.UTF_8).contains("nosuch")) {
            return FakeDaemon.json(404, "{\"message\":\"No such image: nosuch:latest\"}");
        }
        if (t.startsWith("/v1.50/containers/create")) return FakeDaemon.json(201, "{\"Id\":\"abc123\",\"Warnings\":[]}");
        return "HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ps --bogus", "ps extra", "ps -n x", "ps -n 010", "ps -n 0x10", "ps -ax", "ps --all=true", "ps --help", "ps -h", "ps --format",
        "ps -- -a", "-D ps", "--config /tmp ps", "inspect", "inspect --help", "inspect -f", "inspect -- web",
        "run -p 80:80 alpine", "run --help", "run", "images", "version", "container", "--version",
    })
    void otherLines_goToTheFullTree(String line) throws Exception {
        try (FakeDaemon d = new FakeDaemon(LeanPathTest::answer)) {
            Result lean = run(d, args(line), true);
            assertThat(lean.took).as("the lean path leaves %s", line).isFalse();
            assertThat(d.requests).isEmpty();
        }
    }

    /** Spaces split the line; an underscore inside a template stands for a space. */
    private static String[] args(String line) {
        String[] args = line.split(" ");
        for (int i = 0; i < args.length; i++) {
            if (args[i].contains("{{")) args[i] = args[i].replace('_', ' ');
        }
        return args;
    }

    private static byte[] answer(FakeDaemon.Request r) {
        String t = r.target();
        if (t.startsWith("/v1.50/containers/json")) return FakeDaemon.json(200, LIST);
        if (t.startsWith("/v1.50/containers/web/json") || t.startsWith("/v1.50/containers/db/json")) {
            return FakeDaemon.json(200, OBJECT);
        }
        if (t.startsWith("/v1.50/containers/")) return FakeDaemon.json(404, "{\"message\":\"No such container: x\"}");
        if (t.startsWith("/v1.50/images/")) return FakeDaemon.json(404, "{\"message\":\"No such image: x\"}");
        if (t.startsWith("/v1.50/networks/")) return FakeDaemon.json(404, "{\"message\":\"network x not found\"}");
        return FakeDaemon.json(404, "{\"message\":\"get x: no such volume\"}");
    }

    private record Result(boolean took, int code, String out, String err) {}

    private static Result run(FakeDaemon d, String[] args, boolean lean) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext ctx = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                Map.of("DOCKER_HOST", d.host()), CLOCK);
        int code;
        boolean took = true;
        if (lean) {
            code = FastPath.run(args, ctx);
            took = code != Lean.NOT_MINE;
        } else {
            code = Main.runFullTree(args, ctx);
        }
        return new Result(took, code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
