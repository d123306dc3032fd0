package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #10 item 5 with the real {@code docker} CLI: json-file as the default driver (Docker's JSON lines
 * at inspect's LogPath), rotation with max-size/max-file, {@code logs -f} across rotations, {@code local},
 * {@code none}, daemon.json's defaults, dockerd's words for bad options, and no output lost to a kill -9 of
 * berthd. The daemon runs with {@code log-opts} {@code max-file=2} in daemon.json: creates without a driver
 * get it, creates naming another driver do not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class LogDriverIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private BerthdProcess d;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        d = BerthdProcess.start("{\"log-driver\": \"json-file\", \"log-opts\": {\"max-file\": \"2\"}}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.close();
        }
    }

    @AfterEach
    void removeContainers() {
        if (d != null && d.isAlive()) {
            d.removeAllContainers();
            assertThat(ok(d.docker("ps", "-a", "-q")).out()).as("no container left").isBlank();
        }
    }

    @Test
    void jsonFile_byDefault_writesDockersJsonLinesAtLogPath() throws IOException {
        Result run = ok(d.docker("run", "--name", "jf", "busybox", "sh", "-c", "echo hi; echo oops >&2; printf 'no newline'"));
        assertThat(run.out()).contains("hi");
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.LogConfig}}", "jf")).out().strip())
                .isEqualTo("{\"Type\":\"json-file\",\"Config\":{\"max-file\":\"2\"}}");
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "jf")).out().strip();
        Path logPath = Path.of(ok(d.docker("inspect", "-f", "{{.LogPath}}", "jf")).out().strip());
        assertThat(logPath).isEqualTo(d.dataRoot().resolve("containers").resolve(id).resolve(id + "-json.log"));

        List<String> lines = Files.readAllLines(logPath);
        assertThat(lines).hasSize(3);
        List<JsonNode> entries = new ArrayList<>();
        for (String line : lines) {
            entries.add(JSON.readTree(line));
        }
        String stdout = entries.stream().filter(e -> e.get("stream").asText().equals("stdout") && e.get("log").asText().equals("hi\n"))
                .findFirst().orElseThrow().toString();
        assertThat(stdout).matches("\\{\"log\":\"hi\\\\n\",\"stream\":\"stdout\",\"time\":\"20\\d\\d-\\d\\d-\\d\\dT[0-9:.]+Z\"}");
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.get("log").asText()).isEqualTo("oops\n");
            assertThat(e.get("stream").asText()).isEqualTo("stderr");
        });
        // a partial line as dockerd writes it: no newline in "log"
        assertThat(entries).anySatisfy(e -> assertThat(e.get("log").asText()).isEqualTo("no newline"));

        Result logs = ok(d.docker("logs", "jf"));
        assertThat(logs.out()).isEqualTo("hi\nno newline");
        assertThat(logs.err()).isEqualTo("oops\n");
        assertThat(ok(d.docker("logs", "-t", "jf")).out()).matches("(?s)20\\d\\d-.*Z hi\n.*");

        // a line written in pieces is one entry, with one time, as dockerd's copier writes it
        ok(d.docker("run", "--name", "pieces", "busybox", "sh", "-c", "printf 'pie'; printf 'ces'; printf '\\n'"));
        assertThat(ok(d.docker("logs", "-t", "pieces")).out()).matches("20\\d\\d-\\S+Z pieces\n");
    }

    @Test
    void jsonFile_tagLabelsAndEnv_writtenAsDockersAttrs_shownByLogsDetails() throws Exception {
        ok(d.docker("run", "-d", "--name", "attrs", "--label", "com.example.team=core", "--label", "tier=web",
                "-e", "REGION=eu west", "-e", "APP_MODE=prod", "--log-opt", "tag={{.ImageName}}/{{.Name}}",
                "--log-opt", "labels=com.example.team", "--log-opt", "env=REGION", "--log-opt", "env-regex=^APP_",
                "--log-opt", "mode=non-blocking", "--log-opt", "max-buffer-size=4m",
                "busybox", "sh", "-c", "echo first; sleep 2; echo second"));
        // followed while it runs: the attributes of this run
        Result follow = ok(d.docker("logs", "-f", "--details", "attrs"));
        String prefix = "APP_MODE=prod,REGION=eu+west,com.example.team=core,tag=busybox%2Fattrs ";
        assertThat(follow.out()).isEqualTo(prefix + "first\n" + prefix + "second\n");
        Path logPath = Path.of(ok(d.docker("inspect", "-f", "{{.LogPath}}", "attrs")).out().strip());
        List<String> lines = Files.readAllLines(logPath);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\{\"log\":\"first\\\\n\",\"stream\":\"stdout\",\"attrs\":\\{\"APP_MODE\":\"prod\","
                + "\"REGION\":\"eu west\",\"com.example.team\":\"core\",\"tag\":\"busybox/attrs\"},\"time\":\"[^\"]+\"}");
        // read back from the file, with timestamps and by the berth CLI too
        assertThat(ok(d.docker("logs", "--details", "-t", "attrs")).out()).matches("(?s)20\\d\\d-\\S+Z " + java.util.regex.Pattern.quote(prefix) + "first\n.*");
        Result berth = BerthdProcess.run(Duration.ofSeconds(60), Path.of("..", "bin", "berth").toAbsolutePath().normalize().toString(),
                "-H", d.host(), "logs", "--details", "attrs");
        assertThat(berth.exitCode()).as(berth.toString()).isZero();
        assertThat(berth.out()).isEqualTo(prefix + "first\n" + prefix + "second\n");
        // without details the lines are as before; a container without attributes has dockerd's lone space
        assertThat(ok(d.docker("logs", "attrs")).out()).isEqualTo("first\nsecond\n");
        ok(d.docker("run", "--name", "plain", "busybox", "echo", "bare"));
        assertThat(ok(d.docker("logs", "--details", "plain")).out()).isEqualTo(" bare\n");
    }

    @Test
    void syslog_overUdpTcpAndAUnixDatagramSocket_inDockerdsFormats_logsReadTheLocalCopy() throws Exception {
        String pid = Long.toString(d.pid());
        // UDP, RFC 5424 with the container's name as tag: one datagram per line, info for stdout, err for stderr
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            udp.setSoTimeout(10_000);
            ok(d.docker("run", "--name", "slu", "--log-driver", "syslog", "--log-opt",
                    "syslog-address=udp://127.0.0.1:" + udp.getLocalPort(), "--log-opt", "syslog-format=rfc5424",
                    "--log-opt", "tag={{.Name}}", "--log-opt", "syslog-facility=local3",
                    "busybox", "sh", "-c", "echo to-out; echo; echo to-err >&2"));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
                udp.receive(p);
                got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
            got.sort(null);
            // local3 = 19: 19*8+6 and 19*8+3; the empty line is not sent, as dockerd skips it
            assertThat(got.get(0)).matches("<155>1 20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) \\S+ slu "
                    + pid + " slu - to-err\n");
            assertThat(got.get(1)).matches("<158>1 \\S+ \\S+ slu " + pid + " slu - to-out\n");
        }
        // docker logs reads the local copy dockerd calls its cache; inspect shows no LogPath, as for syslog there
        assertThat(ok(d.docker("logs", "slu")).out()).isEqualTo("to-out\n\n");
        assertThat(ok(d.docker("inspect", "-f", "{{.LogPath}}|{{.HostConfig.LogConfig.Type}}", "slu")).out().strip())
                .isEqualTo("|syslog");
        // TCP, srslog's default (Unix) format with the default tag, the short id
        try (ServerSocket tcp = new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            tcp.setSoTimeout(20_000);
            String id = ok(d.docker("create", "--log-driver", "syslog", "--log-opt", "syslog-address=tcp://127.0.0.1:"
                    + tcp.getLocalPort(), "--log-opt", "cache-disabled=true", "busybox", "echo", "over-tcp")).out().strip();
            ok(d.docker("start", id));
            try (Socket s = tcp.accept()) {
                s.setSoTimeout(10_000);
                String line = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                assertThat(line).matches("<30>[A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d " + id.substring(0, 12) + "\\[" + pid
                        + "]: over-tcp");
            }
            // without its cache, nothing to read: dockerd's words
            Result logs = d.docker("logs", id);
            assertThat(logs.exitCode()).isNotZero();
            assertThat(logs.err()).contains("configured logging driver does not support reading");
        }
        // a unix datagram socket (what /dev/log is), RFC 3164 with the host name
        Path sock = Files.createTempDirectory("berth-syslog").resolve("log");
        Path received = sock.resolveSibling("received");
        Process listener = new ProcessBuilder("python3", "-c", "import socket,sys\n"
                + "s=socket.socket(socket.AF_UNIX,socket.SOCK_DGRAM); s.bind(sys.argv[1]); f=open(sys.argv[2],'ab')\n"
                + "f.write(s.recv(65536)); f.close()\n", sock.toString(), received.toString()).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(sock); i++) {
                Thread.sleep(50);
            }
            ok(d.docker("run", "--rm", "--log-driver", "syslog", "--log-opt", "syslog-address=unixgram://" + sock,
                    "--log-opt", "syslog-format=rfc3164", "--log-opt", "tag=gram", "busybox", "echo", "via-dgram"));
            assertThat(listener.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(received)).matches("<30>[A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d \\S+ gram\\[" + pid
                    + "]: via-dgram\n");
        } finally {
            listener.destroyForcibly();
            Files.deleteIfExists(received);
            Files.deleteIfExists(sock);
            Files.deleteIfExists(sock.getParent());
        }
        // a server that is not there fails the start, as dockerd's driver dials when the container starts
        int closed;
        try (ServerSocket gone = new ServerSocket(0)) {
            closed = gone.getLocalPort();
        }
        Result refused = d.docker("run", "--name", "nosrv", "--log-driver", "syslog", "--log-opt",
                "syslog-address=tcp://127.0.0.1:" + closed, "busybox", "true");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("failed to initialize logging driver: ").contains("Connection refused");
        // options checked at create, with dockerd's words
        String[][] bad = {
            {"invalid syslog facility", "syslog-facility=nope"},
            {"Invalid syslog format", "syslog-format=json"},
            {"unsupported scheme: 'ftp'", "syslog-address=ftp://h"},
            {"stat /nowhere/log: no such file or directory", "syslog-address=unix:///nowhere/log"},
            {"unknown log opt 'max-size' for syslog log driver", "max-size=1m"},
        };
        for (String[] c : bad) {
            Result r = d.docker("create", "--log-driver", "syslog", "--log-opt", c[1], "busybox");
            assertThat(r.exitCode()).as(c[1]).isNotZero();
            assertThat(r.err()).as(c[1]).contains(c[0]);
        }
    }

    @Test
    void gelf_overUdpCompressedAndChunked_andTcp_asDockerdSendsIt() throws Exception {
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            udp.setSoTimeout(10_000);
            // a 3,000-character line: over 1,420 bytes even gzipped? random text is not; chunking is checked below
            ok(d.docker("run", "--name", "gel", "--label", "team=core", "-e", "STAGE=test", "--log-driver", "gelf",
                    "--log-opt", "gelf-address=udp://127.0.0.1:" + udp.getLocalPort(), "--log-opt", "labels=team",
                    "--log-opt", "env=STAGE", "busybox", "sh", "-c", "echo to-out; echo to-err >&2"));
            String id = ok(d.docker("inspect", "-f", "{{.Id}}", "gel")).out().strip();
            String image = ok(d.docker("inspect", "-f", "{{.Image}}", "gel")).out().strip();
            List<JsonNode> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
                udp.receive(p);
                // gzip by default
                assertThat(p.getData()[0] & 0xff).isEqualTo(0x1f);
                try (InputStream in = new java.util.zip.GZIPInputStream(
                        new java.io.ByteArrayInputStream(p.getData(), 0, p.getLength()))) {
                    got.add(JSON.readTree(in));
                }
            }
            got.sort(java.util.Comparator.comparing(n -> n.get("short_message").asText()));
            JsonNode err = got.get(0);
            assertThat(err.get("short_message").asText()).isEqualTo("to-err");
            assertThat(err.get("level").asInt()).isEqualTo(3);
            JsonNode out = got.get(1);
            assertThat(out.get("level").asInt()).isEqualTo(6);
            assertThat(out.get("version").asText()).isEqualTo("1.1");
            assertThat(out.get("timestamp").isNumber()).isTrue();
            assertThat(out.get("_container_id").asText()).isEqualTo(id);
            assertThat(out.get("_container_name").asText()).isEqualTo("gel");
            assertThat(out.get("_image_id").asText()).isEqualTo(image);
            assertThat(out.get("_image_name").asText()).isEqualTo("busybox");
            assertThat(out.get("_command").asText()).isEqualTo("sh -c echo to-out; echo to-err >&2");
            assertThat(out.get("_tag").asText()).isEqualTo(id.substring(0, 12));
            assertThat(out.get("_team").asText()).isEqualTo("core");
            assertThat(out.get("_STAGE").asText()).isEqualTo("test");
            assertThat(out.get("_created").asText()).startsWith("20");

            // no compression, and a message past 1,420 bytes: GELF chunks (magic 1e 0f, id, index, count)
            ok(d.docker("run", "--rm", "--log-driver", "gelf", "--log-opt", "gelf-address=udp://127.0.0.1:" + udp.getLocalPort(),
                    "--log-opt", "gelf-compression-type=none", "busybox", "sh", "-c",
                    "i=0; while [ $i -lt 300 ]; do printf 'abcdefghij'; i=$((i+1)); done; echo"));
            java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
            int count = -1;
            for (int i = 0; count < 0 || i < count; i++) {
                DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
                udp.receive(p);
                byte[] b = java.util.Arrays.copyOf(p.getData(), p.getLength());
                assertThat(b[0]).isEqualTo((byte) 0x1e);
                assertThat(b[1]).isEqualTo((byte) 0x0f);
                assertThat(b.length).isLessThanOrEqualTo(1420);
                assertThat(b[10]).isEqualTo((byte) i);
                count = b[11];
                whole.write(b, 12, b.length - 12);
            }
            assertThat(count).isEqualTo(3);
            assertThat(JSON.readTree(whole.toByteArray()).get("short_message").asText()).hasSize(3000);
        }
        assertThat(ok(d.docker("logs", "gel")).out()).isEqualTo("to-out\n");
        // TCP: plain JSON, each message ended by a zero byte
        try (ServerSocket tcp = new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            tcp.setSoTimeout(20_000);
            ok(d.docker("run", "-d", "--log-driver", "gelf", "--log-opt", "gelf-address=tcp://127.0.0.1:" + tcp.getLocalPort(),
                    "--log-opt", "tag={{.ImageName}}", "busybox", "echo", "over-tcp"));
            try (Socket s = tcp.accept()) {
                s.setSoTimeout(10_000);
                java.io.ByteArrayOutputStream msg = new java.io.ByteArrayOutputStream();
                int c;
                while ((c = s.getInputStream().read()) > 0) {
                    msg.write(c);
                }
                assertThat(c).isZero();
                JsonNode m = JSON.readTree(msg.toByteArray());
                assertThat(m.get("short_message").asText()).isEqualTo("over-tcp");
                assertThat(m.get("_tag").asText()).isEqualTo("busybox");
            }
        }
        String[][] bad = {
            {"gelf-address is a required parameter", "tag=x"},
            {"gelf: endpoint needs to be TCP or UDP", "gelf-address=http://h:1"},
            {"gelf: please provide gelf-address as proto://host:port", "gelf-address=udp://h"},
        };
        for (String[] c : bad) {
            Result r = d.docker("create", "--log-driver", "gelf", "--log-opt", c[1], "busybox");
            assertThat(r.exitCode()).as(c[1]).isNotZero();
            assertThat(r.err()).as(c[1]).contains(c[0]);
        }
        Result compressTcp = d.docker("create", "--log-driver", "gelf", "--log-opt", "gelf-address=tcp://127.0.0.1:1",
                "--log-opt", "gelf-compression-type=zlib", "busybox");
        assertThat(compressTcp.err()).contains("compression is only supported on UDP");
    }

    @Test
    void fluentd_forwardProtocolInMsgpack_acksSubSecondAsyncRetries_asDockerdSends() throws Exception {
        try (ServerSocket srv = new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            srv.setSoTimeout(20_000);
            ok(d.docker("run", "--name", "flu", "--label", "team=core", "--log-driver", "fluentd", "--log-opt",
                    "fluentd-address=127.0.0.1:" + srv.getLocalPort(), "--log-opt", "labels=team",
                    "busybox", "sh", "-c", "echo hello; echo oops >&2"));
            String id = ok(d.docker("inspect", "-f", "{{.Id}}", "flu")).out().strip();
            try (Socket s = srv.accept()) {
                s.setSoTimeout(10_000);
                var in = new java.io.DataInputStream(s.getInputStream());
                List<Object> seen = new ArrayList<>();
                seen.add(MsgUnpack.read(in));
                seen.add(MsgUnpack.read(in));
                seen.sort(java.util.Comparator.comparing(o -> ((Map<?, ?>) ((List<?>) o).get(2)).get("log").toString()));
                List<?> hello = (List<?>) seen.get(0);
                assertThat(hello).hasSize(4);
                assertThat(hello.get(0)).isEqualTo(id.substring(0, 12));
                assertThat(hello.get(1)).isInstanceOf(Long.class);
                assertThat((Long) hello.get(1)).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
                assertThat((Map<?, ?>) hello.get(2)).isEqualTo(Map.of("container_id", id, "container_name", "/flu",
                        "source", "stdout", "log", "hello", "team", "core"));
                assertThat((Map<?, ?>) hello.get(3)).isEmpty();
                assertThat(((Map<?, ?>) ((List<?>) seen.get(1)).get(2)).get("source")).isEqualTo("stderr");
            }
            assertThat(ok(d.docker("logs", "flu")).out()).isEqualTo("hello\n");

            // acks asked for and sub-second times (EventTime): the driver waits for each chunk's ack
            ok(d.docker("run", "-d", "--name", "ack", "--log-driver", "fluentd", "--log-opt",
                    "fluentd-address=tcp://127.0.0.1:" + srv.getLocalPort(), "--log-opt", "fluentd-request-ack=true",
                    "--log-opt", "fluentd-sub-second-precision=true", "--log-opt", "tag=app.{{.Name}}",
                    "busybox", "sh", "-c", "echo one; echo two"));
            try (Socket s = srv.accept()) {
                s.setSoTimeout(10_000);
                var in = new java.io.DataInputStream(s.getInputStream());
                for (String want : List.of("one", "two")) {
                    List<?> m = (List<?>) MsgUnpack.read(in);
                    assertThat(m.get(0)).isEqualTo("app.ack");
                    assertThat(m.get(1)).isInstanceOf(java.time.Instant.class);
                    assertThat(((Map<?, ?>) m.get(2)).get("log")).isEqualTo(want);
                    String chunk = (String) ((Map<?, ?>) m.get(3)).get("chunk");
                    assertThat(chunk).isNotEmpty();
                    // {"ack": chunk}
                    byte[] c = chunk.getBytes(StandardCharsets.UTF_8);
                    var reply = new java.io.ByteArrayOutputStream();
                    reply.write(0x81);
                    reply.write(0xa3);
                    reply.writeBytes("ack".getBytes(StandardCharsets.US_ASCII));
                    reply.write(0xa0 | c.length);
                    reply.writeBytes(c);
                    s.getOutputStream().write(reply.toByteArray());
                }
            }
        }
        // nothing listening: the start fails (sync); with fluentd-async it runs, and what it wrote is sent once
        // fluentd is there, retried fluentd-retry-wait apart
        int port;
        try (ServerSocket gone = new ServerSocket(0)) {
            port = gone.getLocalPort();
        }
        Result refused = d.docker("run", "--name", "nofl", "--log-driver", "fluentd", "--log-opt",
                "fluentd-address=127.0.0.1:" + port, "busybox", "true");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.err()).contains("failed to initialize logging driver: dial tcp 127.0.0.1:" + port);
        ok(d.docker("run", "-d", "--name", "later", "--log-driver", "fluentd", "--log-opt", "fluentd-async=true",
                "--log-opt", "fluentd-address=127.0.0.1:" + port, "--log-opt", "fluentd-retry-wait=200ms",
                "busybox", "sh", "-c", "echo early; sleep 3; echo late"));
        Thread.sleep(1000);
        try (ServerSocket srv = new ServerSocket(port, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
            srv.setSoTimeout(20_000);
            try (Socket s = srv.accept()) {
                s.setSoTimeout(20_000);
                var in = new java.io.DataInputStream(s.getInputStream());
                assertThat(((Map<?, ?>) ((List<?>) MsgUnpack.read(in)).get(2)).get("log")).isEqualTo("early");
                assertThat(((Map<?, ?>) ((List<?>) MsgUnpack.read(in)).get(2)).get("log")).isEqualTo("late");
            }
        }
        String[][] bad = {
            {"invalid fluentd-address (udp://h:1): unsupported scheme: 'udp'", "fluentd-address=udp://h:1"},
            {"time: invalid duration \"soon\"", "fluentd-retry-wait=soon"},
            {"unknown log opt 'gelf-address' for fluentd log driver", "gelf-address=udp://h:1"},
        };
        for (String[] c : bad) {
            Result r = d.docker("create", "--log-driver", "fluentd", "--log-opt", c[1], "busybox");
            assertThat(r.exitCode()).as(c[1]).isNotZero();
            assertThat(r.err()).as(c[1]).contains(c[0]);
        }
    }

    /** Just enough msgpack to read the Forward protocol's messages. */
    private static final class MsgUnpack {
        static Object read(java.io.DataInputStream in) throws IOException {
            int c = in.readUnsignedByte();
            if (c <= 0x7f) {
                return (long) c;
            }
            if ((c & 0xf0) == 0x80) {
                return map(in, c & 0x0f);
            }
            if ((c & 0xf0) == 0x90) {
                return list(in, c & 0x0f);
            }
            if ((c & 0xe0) == 0xa0) {
                return str(in, c & 0x1f);
            }
            return switch (c) {
                case 0xc0 -> null;
                case 0xd9 -> str(in, in.readUnsignedByte());
                case 0xda -> str(in, in.readUnsignedShort());
                case 0xdb -> str(in, in.readInt());
                case 0xdc -> list(in, in.readUnsignedShort());
                case 0xde -> map(in, in.readUnsignedShort());
                case 0xcc -> (long) in.readUnsignedByte();
                case 0xcd -> (long) in.readUnsignedShort();
                case 0xce -> in.readInt() & 0xffffffffL;
                case 0xcf, 0xd3 -> in.readLong();
                case 0xd2 -> (long) in.readInt();
                case 0xd7 -> {
                    int type = in.readByte();
                    assertThat(type).isZero();
                    yield java.time.Instant.ofEpochSecond(in.readInt() & 0xffffffffL, in.readInt());
                }
                default -> throw new IOException("msgpack type 0x" + Integer.toHexString(c) + " not expected");
            };
        }

        private static String str(java.io.DataInputStream in, int n) throws IOException {
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }

        private static List<Object> list(java.io.DataInputStream in, int n) throws IOException {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                l.add(read(in));
            }
            return l;
        }

        private static Map<Object, Object> map(java.io.DataInputStream in, int n) throws IOException {
            Map<Object, Object> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                m.put(read(in), read(in));
            }
            return m;
        }
    }

    @Test
    void info_namesTheDaemonsDefaultLogDriver_andTheDriversAContainerCanName() throws IOException {
        assertThat(ok(d.docker("info", "--format", "{{.LoggingDriver}} {{json .Plugins.Log}}")).out().strip())
                .isEqualTo("json-file [\"json-file\",\"local\",\"syslog\",\"gelf\",\"fluentd\",\"journald\"]");
        try (BerthdProcess local = BerthdProcess.start("{\"log-driver\": \"local\"}")) {
            assertThat(ok(local.docker("info", "--format", "{{.LoggingDriver}}")).out().strip()).isEqualTo("local");
            // API 1.50's info fields: the runtime's version, cpusets and the OOM killer switch honoured
            assertThat(ok(local.docker("info", "--format", "{{.RuncCommit.ID}}|{{.CPUSet}}|{{.OomKillDisable}}|"
                    + "{{.KernelMemoryTCP}}|{{.ContainerdCommit.ID}}|{{.InitBinary}}")).out().strip())
                    .matches("\\d+\\.\\d+\\.\\d+\\|true\\|true\\|false\\|\\|docker-init");
        }
    }

    @Test
    void maxSizeMaxFile_rotates_andLogsReadsAcrossTheFiles() throws IOException {
        ok(d.docker("run", "--name", "rot", "--log-opt", "max-size=1k", "--log-opt", "max-file=3", "busybox", "sh", "-c",
                "i=1; while [ $i -le 300 ]; do echo \"line $i\"; i=$((i+1)); done"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.LogConfig.Config}}", "rot")).out().strip())
                .isEqualTo("{\"max-file\":\"3\",\"max-size\":\"1k\"}");
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "rot")).out().strip();
        Path dir = d.dataRoot().resolve("containers").resolve(id);
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(id + "-json.log")).sorted().toList();
        }
        assertThat(names).containsExactly(id + "-json.log", id + "-json.log.1", id + "-json.log.2");
        assertThat(Files.size(dir.resolve(id + "-json.log.1"))).isBetween(1000L, 1200L);

        List<Integer> fromFiles = new ArrayList<>();
        for (String name : List.of(id + "-json.log.2", id + "-json.log.1", id + "-json.log")) {
            for (String line : Files.readAllLines(dir.resolve(name))) {
                fromFiles.add(Integer.parseInt(JSON.readTree(line).get("log").asText().strip().substring(5)));
            }
        }
        assertConsecutiveEndingAt(fromFiles, 300);
        assertThat(fromFiles.size()).isLessThan(300);

        List<Integer> fromLogs = numbers(ok(d.docker("logs", "rot")).out(), "line ");
        assertThat(fromLogs).isEqualTo(fromFiles);
        assertThat(ok(d.docker("logs", "--tail", "3", "rot")).out()).isEqualTo("line 298\nline 299\nline 300\n");
    }

    @Test
    void logsFollow_acrossRotations_losesAndRepeatsNothing() throws Exception {
        ok(d.docker("run", "-d", "--name", "fol", "--log-opt", "max-size=2k", "--log-opt", "max-file=2", "busybox", "sh", "-c",
                "sleep 1; i=1; while [ $i -le 3000 ]; do echo \"seq $i\"; i=$((i+1)); [ $((i % 100)) = 0 ] && sleep 0.05; done"));
        Result follow = ok(d.docker("logs", "-f", "fol"));
        List<Integer> seen = numbers(follow.out(), "seq ");
        // the follower started before the first line: it sees every one, through ~70 rotations
        assertConsecutiveEndingAt(seen, 3000);
        assertThat(seen).hasSize(3000);
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "fol")).out().strip();
        try (Stream<Path> s = Files.list(d.dataRoot().resolve("containers").resolve(id))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith(id + "-json.log"))).hasSize(2);
        }
    }

    @Test
    void captureFile_shippedBytesAreReclaimed_diskUseStaysBounded() throws Exception {
        // ~4.6 MB of output; the driver keeps at most 2 × 1 MB, the capture only what is not shipped yet
        ok(d.docker("run", "--name", "big", "--log-opt", "max-size=1m", "busybox", "sh", "-c",
                "yes 0123456789012345678901234567890123456789 | head -n 110000"));
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "big")).out().strip();
        Path capture = d.dataRoot().resolve("containers").resolve(id).resolve("container.log");
        Result stat = BerthdProcess.run(Duration.ofSeconds(10), "stat", "-c", "%s %b", capture.toString());
        String[] sizeAndBlocks = stat.out().strip().split(" ");
        long size = Long.parseLong(sizeAndBlocks[0]);
        long allocated = Long.parseLong(sizeAndBlocks[1]) * 512;
        assertThat(size).isGreaterThan(8_000_000L);
        assertThat(allocated).as("bytes the capture still uses").isLessThan(2L * 1024 * 1024);
        assertThat(ok(d.docker("logs", "--tail", "1", "big")).out()).isEqualTo("0123456789012345678901234567890123456789\n");
    }

    @Test
    void local_keepsItsOwnFiles_noLogPath_logsWork() throws IOException {
        ok(d.docker("run", "--name", "loc", "--log-driver", "local", "busybox", "echo", "local hi"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.LogConfig}}|{{.LogPath}}", "loc")).out().strip())
                .isEqualTo("{\"Type\":\"local\",\"Config\":{}}|");
        assertThat(ok(d.docker("logs", "loc")).out()).isEqualTo("local hi\n");
        String id = ok(d.docker("inspect", "-f", "{{.Id}}", "loc")).out().strip();
        assertThat(d.dataRoot().resolve("containers").resolve(id).resolve("local-logs").resolve("container.log")).exists();
        assertThat(d.dataRoot().resolve("containers").resolve(id).resolve(id + "-json.log")).doesNotExist();
    }

    @Test
    void none_attachStillWorks_logsSaysItCannotRead() throws IOException {
        Result run = ok(d.docker("run", "--name", "non", "--log-driver", "none", "busybox", "echo", "still attached"));
        assertThat(run.out()).isEqualTo("still attached\n");
        assertThat(ok(d.docker("inspect", "-f", "{{.HostConfig.LogConfig.Type}}|{{.LogPath}}", "non")).out().strip())
                .isEqualTo("none|");
        Result logs = d.docker("logs", "non");
        assertThat(logs.exitCode()).isEqualTo(1);
        assertThat(logs.err().strip()).isEqualTo("Error response from daemon: configured logging driver does not support reading");
    }

    @Test
    void badOptions_refusedWithDockerdsWords_nothingCreated() {
        String[][] cases = {
            {"logger: no log driver named 'nope' is registered", "--log-driver", "nope"},
            {"log driver awslogs is not supported by Berth yet", "--log-driver", "awslogs"},
            {"invalid size: 'lots'", "--log-opt", "max-size=lots"},
            {"max-file cannot be less than 1", "--log-opt", "max-file=0"},
            {"unknown log opt 'colour' for json-file log driver", "--log-opt", "colour=red"},
            {"compress cannot be true when max-file is less than 2 or max-size is not set", "--log-opt", "compress=true"},
            {"logger: logging mode not supported: eager", "--log-opt", "mode=eager"},
            {"logger: max-buffer-size option is only supported with 'mode=non-blocking'", "--log-opt", "max-buffer-size=4m"},
            {"can't evaluate field Nmae in type *logger.Info", "--log-opt", "tag={{.Nmae}}"},
        };
        for (String[] c : cases) {
            Result r = d.docker("run", "-d", "--name", "bad", c[1], c[2], "busybox", "true");
            assertThat(r.exitCode()).as(String.join(" ", c)).isEqualTo(125);
            assertThat(r.err()).as(String.join(" ", c)).contains(c[0]);
        }
        assertThat(ok(d.docker("ps", "-a", "-q")).out()).isBlank();
    }

    @Test
    void kill9OfBerthd_whileTheContainerPrints_logsCompleteAfterRestart() throws Exception {
        ok(d.docker("run", "-d", "--name", "crash", "--log-opt", "max-size=4k", "--log-opt", "max-file=20", "busybox", "sh", "-c",
                "i=1; while [ $i -le 400 ]; do echo \"n $i\"; i=$((i+1)); sleep 0.01; done"));
        Thread.sleep(1500);
        d.kill9();
        Thread.sleep(3000); // the container prints on while no berthd runs
        d.restart();
        ok(d.docker("wait", "crash"));
        List<Integer> logs = numbers(ok(d.docker("logs", "crash")).out(), "n ");
        assertThat(logs).hasSize(400);
        assertConsecutiveEndingAt(logs, 400);
        Path logPath = Path.of(ok(d.docker("inspect", "-f", "{{.LogPath}}", "crash")).out().strip());
        List<Path> files = new ArrayList<>();
        for (int i = 19; i >= 1; i--) {
            Path rotated = Path.of(logPath + "." + i);
            if (Files.exists(rotated)) {
                files.add(rotated);
            }
        }
        assertThat(files).as("rotated files").hasSizeGreaterThan(3);
        files.add(logPath);
        List<Integer> inFiles = new ArrayList<>();
        for (Path p : files) {
            for (String line : Files.readAllLines(p)) {
                inFiles.add(Integer.parseInt(JSON.readTree(line).get("log").asText().strip().substring(2)));
            }
        }
        assertThat(inFiles).hasSize(400);
        assertConsecutiveEndingAt(inFiles, 400);
    }

    /**
     * syslog over {@code tcp+tls}, as dockerd's: mutual TLS with the files the options name, RFC 5424 messages framed
     * with their octet count (RFC 5425); a server certificate no configured CA signed fails the start, and
     * {@code syslog-tls-skip-verify} takes it.
     */
    @Test
    void syslog_overTcpTls_mutualTls_rfc5425Framing_verifyOrSkip() throws Exception {
        Path work = Files.createTempDirectory("berth-syslog-tls");
        try {
            TestCerts certs = TestCerts.make(work.resolve("ours"), "berthd");
            javax.net.ssl.SSLContext server = ((io.netty.handler.ssl.JdkSslContext) io.netty.handler.ssl.SslContextBuilder
                    .forServer(certs.serverCert().toFile(), certs.serverKey().toFile())
                    .sslProvider(io.netty.handler.ssl.SslProvider.JDK).trustManager(certs.ca().toFile())
                    .clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE).build()).context();
            try (javax.net.ssl.SSLServerSocket tls = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory()
                    .createServerSocket(0, 5, java.net.InetAddress.getByName("127.0.0.1"))) {
                tls.setSoTimeout(20_000);
                tls.setNeedClientAuth(true); // Netty sets it on its engines, not on the context
                String address = "syslog-address=tcp+tls://127.0.0.1:" + tls.getLocalPort();
                Path client = certs.client();
                String id = ok(d.docker("create", "--log-driver", "syslog", "--log-opt", address, "--log-opt",
                        "syslog-format=rfc5424", "--log-opt", "tag=secure", "--log-opt", "syslog-tls-ca-cert=" + certs.ca(),
                        "--log-opt", "syslog-tls-cert=" + client.resolve("cert.pem"), "--log-opt",
                        "syslog-tls-key=" + client.resolve("key.pem"), "busybox", "sh", "-c", "echo one; echo two")).out().strip();
                // the handshake happens as the container starts: the server accepts meanwhile
                var received = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try (Socket s = tls.accept()) {
                        s.setSoTimeout(10_000);
                        var in = new java.io.DataInputStream(s.getInputStream());
                        List<String> messages = new ArrayList<>();
                        for (int i = 0; i < 2; i++) {
                            StringBuilder count = new StringBuilder();
                            for (int c = in.read(); c != ' '; c = in.read()) {
                                if (c < '0' || c > '9') {
                                    throw new IllegalStateException("not an octet count: " + count + (char) c);
                                }
                                count.append((char) c);
                            }
                            byte[] message = new byte[Integer.parseInt(count.toString())];
                            in.readFully(message);
                            messages.add(new String(message, StandardCharsets.UTF_8));
                        }
                        messages.add(((javax.net.ssl.SSLSocket) s).getSession().getPeerPrincipal().getName());
                        return messages;
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                ok(d.docker("start", id));
                List<String> messages = received.get(30, java.util.concurrent.TimeUnit.SECONDS);
                for (int i = 0; i < 2; i++) {
                    assertThat(messages.get(i)).matches("<30>1 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d) \\S+ secure \\d+ "
                            + "secure - " + (i == 0 ? "one" : "two") + "\n");
                }
                assertThat(messages.get(2)).as("the client certificate berthd presented").isEqualTo("CN=berthd");
                assertThat(ok(d.docker("logs", id)).out()).isEqualTo("one\ntwo\n");
                // syslog-tls-skip-verify (any value, as dockerd reads it): the same server, no CA named
                var skipped = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try (Socket s = tls.accept()) {
                        s.setSoTimeout(10_000);
                        return new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                                StandardCharsets.UTF_8)).readLine();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                ok(d.docker("run", "--rm", "--log-driver", "syslog", "--log-opt", address, "--log-opt",
                        "syslog-tls-skip-verify=", "--log-opt", "syslog-tls-cert=" + client.resolve("cert.pem"),
                        "--log-opt", "syslog-tls-key=" + client.resolve("key.pem"), "--log-opt", "tag=skip",
                        "busybox", "echo", "unverified"));
                assertThat(skipped.get(30, java.util.concurrent.TimeUnit.SECONDS)).endsWith("skip[" + d.pid() + "]: unverified");
                // no CA that signed the server's certificate: the start fails, as dockerd's driver dials at start
                Result untrusted = d.docker("run", "--rm", "--log-driver", "syslog", "--log-opt", address, "busybox", "true");
                assertThat(untrusted.exitCode()).isEqualTo(125);
                assertThat(untrusted.err()).contains("failed to initialize logging driver:");
                // a missing file is named
                Result missing = d.docker("run", "--rm", "--log-driver", "syslog", "--log-opt", address, "--log-opt",
                        "syslog-tls-ca-cert=" + work.resolve("nope.pem"), "busybox", "true");
                assertThat(missing.err()).contains("open " + work.resolve("nope.pem") + ": no such file or directory");
            }
        } finally {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", work.toString());
        }
    }

    /**
     * journald: each line a journal entry with dockerd's fields, read back with journalctl; docker logs reads the
     * copy Berth keeps. Where no journald runs (CI), the test starts a systemd-journald of its own and removes it and
     * its files after; first it shows dockerd's start error without one.
     */
    @Test
    void journald_entriesWithDockerdsFields_readBackWithJournalctl() throws Exception {
        Path socket = Path.of("/run/systemd/journal/socket");
        Process journald = null;
        boolean madeSocketDir = false;
        boolean madeJournalDir = false;
        if (!Files.exists(socket)) {
            Result none = d.docker("run", "--rm", "--log-driver", "journald", "busybox", "true");
            assertThat(none.exitCode()).isEqualTo(125);
            assertThat(none.err()).contains("failed to initialize logging driver: journald is not enabled on this host");
            madeSocketDir = !Files.exists(socket.getParent());
            madeJournalDir = !Files.exists(Path.of("/run/log/journal"));
            journald = new ProcessBuilder("/lib/systemd/systemd-journald").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                BerthdProcess.sleep(50);
            }
            assertThat(socket).as("systemd-journald's socket").exists();
        }
        try {
            ok(d.docker("run", "--name", "jd", "-l", "com.example.team=blue", "-e", "STAGE=ci", "--log-driver", "journald",
                    "--log-opt", "tag={{.Name}}/{{.ID}}", "--log-opt", "labels=com.example.team", "--log-opt", "env=STAGE",
                    "busybox", "sh", "-c", "echo out; echo err >&2; echo last"));
            String id = ok(d.docker("inspect", "-f", "{{.Id}}", "jd")).out().strip();
            List<JsonNode> entries = new ArrayList<>();
            for (int i = 0; i < 100 && entries.size() < 3; i++) {
                BerthdProcess.sleep(100);
                entries.clear();
                Result read = ok(BerthdProcess.run(java.time.Duration.ofSeconds(30), "journalctl", "--no-pager", "-o", "json",
                        "CONTAINER_ID_FULL=" + id));
                for (String line : read.out().lines().toList()) {
                    entries.add(JSON.readTree(line));
                }
            }
            assertThat(entries).extracting(e -> e.path("MESSAGE").asText()).containsExactlyInAnyOrder("out", "err", "last");
            for (JsonNode e : entries) {
                assertThat(e.path("PRIORITY").asText()).isEqualTo(e.path("MESSAGE").asText().equals("err") ? "3" : "6");
                assertThat(e.path("CONTAINER_ID").asText()).isEqualTo(id.substring(0, 12));
                assertThat(e.path("CONTAINER_NAME").asText()).isEqualTo("jd");
                assertThat(e.path("CONTAINER_TAG").asText()).isEqualTo("jd/" + id.substring(0, 12));
                assertThat(e.path("SYSLOG_IDENTIFIER").asText()).isEqualTo("jd/" + id.substring(0, 12));
                assertThat(e.path("IMAGE_NAME").asText()).isEqualTo("busybox");
                assertThat(e.path("COM_EXAMPLE_TEAM").asText()).isEqualTo("blue");
                assertThat(e.path("STAGE").asText()).isEqualTo("ci");
                assertThat(e.path("CONTAINER_LOG_EPOCH").asText()).matches("[0-9a-f]{64}");
                assertThat(e.path("SYSLOG_TIMESTAMP").asText()).endsWith("Z");
            }
            assertThat(entries.stream().map(e -> e.path("CONTAINER_LOG_ORDINAL").asInt()).sorted().toList())
                    .containsExactly(1, 2, 3);
            // docker logs: the copy Berth keeps, both streams
            Result logs = ok(d.docker("logs", "jd"));
            assertThat(logs.out()).isEqualTo("out\nlast\n");
            assertThat(logs.err()).isEqualTo("err\n");
            // dockerd's words for what it does not take
            Result unknown = d.docker("run", "--rm", "--log-driver", "journald", "--log-opt", "max-size=1m", "busybox", "true");
            assertThat(unknown.err()).contains("unknown log opt 'max-size' for journald log driver");
        } finally {
            if (journald != null) {
                journald.destroy();
                journald.waitFor();
                if (madeSocketDir) {
                    BerthdProcess.run(java.time.Duration.ofSeconds(30), "rm", "-rf", socket.getParent().toString());
                }
                if (madeJournalDir) {
                    BerthdProcess.run(java.time.Duration.ofSeconds(30), "rm", "-rf", "/run/log/journal");
                }
            }
        }
    }

    private static List<Integer> numbers(String out, String prefix) {
        List<Integer> n = new ArrayList<>();
        for (String line : out.lines().toList()) {
            assertThat(line).startsWith(prefix);
            n.add(Integer.parseInt(line.substring(prefix.length()).strip()));
        }
        return n;
    }

    private static void assertConsecutiveEndingAt(List<Integer> n, int last) {
        assertThat(n).isNotEmpty();
        assertThat(n.get(n.size() - 1)).isEqualTo(last);
        for (int i = 1; i < n.size(); i++) {
            assertThat(n.get(i)).as("entry %d after %d", i, n.get(i - 1)).isEqualTo(n.get(i - 1) + 1);
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as("exit code of a command that should succeed; stderr: %s", r.err()).isZero();
        return r;
    }
}
