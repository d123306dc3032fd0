package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #12's API fuzzing against a real berthd: {@code fuzz.requests} (10,000 by default; {@code
 * scripts/fuzz} runs 100,000) malformed requests from {@link FuzzRequests}, 8 at a time, plus slow
 * clients and a few hundred connections at once. berthd must answer every one with a 4xx/5xx (a JSON
 * message unless the bytes were not HTTP at all; a truncated upload whose client half-closed included), stay up, keep its state (containers, images,
 * networks, volumes, the running container's start time) and its memory bounded. Prints its counts.
 * With {@code fuzz.socket} ({@link FuzzTarget}) it fuzzes any running daemon, dockerd too: held to the
 * same life, state and memory, its answers only counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 1800)
class ApiFuzzIT {
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 10_000);
    private static final long SEED = Long.getLong("fuzz.seed", 20261203L);
    private static final Set<String> RAW_KINDS = Set.of("not-http", "huge-headers", "huge-request-line", "bad-headers");
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3}) ");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");

    // the names FuzzRequests aims at
    private static final String IMAGE = "busybox";
    private static final String KEEP = "keep";
    private static final String NETWORK = "keepnet";
    private static final String VOLUME = "keepvol";

    private FuzzTarget d;
    private final Map<String, Map<Integer, LongAdder>> seen = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sent = new AtomicInteger();
    private final Map<String, LongAdder> millis = new ConcurrentHashMap<>();
    private final LongAdder wrong = new LongAdder();
    private final LongAdder noAnswer = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder noMessage = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    // per kind and status other than 400, the first few distinct request lines that got it
    private final Map<String, Set<String>> samples = new ConcurrentHashMap<>();

    @BeforeAll
    void startDaemon() throws IOException {
        d = FuzzTarget.open();
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), IMAGE));
        ok(d.docker("run", "-d", "--name", KEEP, IMAGE, "sleep", "100000"));
        ok(d.docker("network", "create", NETWORK));
        ok(d.docker("volume", "create", VOLUME));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            // on a daemon that is not ours, what the fuzz made goes, by name
            d.docker("rm", "-f", KEEP);
            d.docker("network", "rm", NETWORK);
            d.docker("volume", "rm", VOLUME);
            d.docker("rmi", IMAGE);
            d.close();
        }
    }

    @Test
    void malformedRequests_allRefused_noStateChange_daemonUp_memoryBounded() throws Exception {
        String before = state();
        long rssBefore = rssKiB();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Random random = new Random(SEED);
        List<Future<?>> pending = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            FuzzRequests request = FuzzRequests.next(random);
            pending.add(pool.submit(() -> send(request, 0)));
            if (pending.size() >= 256) {
                for (Future<?> f : pending) {
                    f.get();
                }
                pending.clear();
            }
        }
        for (Future<?> f : pending) {
            f.get();
        }
        // slow clients: a byte at a time, while others come and go
        List<Future<?>> slow = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            FuzzRequests request = FuzzRequests.next(random);
            while (request.bytes().length > 1024) {
                request = FuzzRequests.next(random);
            }
            FuzzRequests small = request;
            slow.add(pool.submit(() -> send(small, 2)));
        }
        for (Future<?> f : slow) {
            f.get();
        }
        pool.shutdown();
        // hundreds of connections at once
        ExecutorService burst = Executors.newFixedThreadPool(300);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            FuzzRequests request = FuzzRequests.next(random);
            all.add(burst.submit(() -> send(request, 0)));
        }
        for (Future<?> f : all) {
            f.get();
        }
        burst.shutdown();
        assertThat(burst.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

        long rssAfter = rssKiB();
        String after = state();
        Map<String, Map<Integer, Long>> table = new TreeMap<>();
        seen.forEach((kind, statuses) -> {
            Map<Integer, Long> m = new TreeMap<>();
            statuses.forEach((s, n) -> m.put(s, n.sum()));
            table.put(kind, m);
        });
        boolean alive = d.ping();
        System.out.printf("api fuzz: seed %d, requests %d, statuses by kind %s (0 = closed without an answer), "
                        + "crashes %d, state changes from rejections %d, daemon RSS %d → %d KiB, failures %d "
                        + "(no answer %d, 2xx/3xx %d, no JSON message %d, 5xx %d); client ms by kind %s%n",
                SEED, sent.get(), table, alive ? 0 : 1, before.equals(after) ? 0 : 1, rssBefore, rssAfter,
                wrong.sum(), noAnswer.sum(), accepted.sum(), noMessage.sum(), serverErrors.sum(), new TreeMap<>(millis));
        new TreeMap<>(samples).forEach((key, lines) -> System.out.printf("api fuzz: %s e.g. %s%n", key, lines));
        if (!before.equals(after)) {
            System.out.printf("api fuzz: state before%n%s%nafter%n%s%n", before, after);
        }
        assertThat(alive).as("the daemon answers after the fuzz").isTrue();
        if (d.ownBerthd()) {
            // another engine is measured, not held to Berth's answers: its counts say how it differs
            assertThat(serverErrors.sum()).as("5xx answers to the client's faults (see failures)" + failures).isZero();
            assertThat(failures).as("requests answered wrongly (first ones)").isEmpty();
        }
        assertThat(after).as("nothing a rejected request did is visible").isEqualTo(before);
        if (d.pid() > 0) {
            assertThat(rssAfter).as("the daemon's memory stays bounded").isLessThan(rssBefore + 300 * 1024);
        }
        assertThat(sent.get()).isGreaterThanOrEqualTo(REQUESTS);
    }

    /** Issue #12: a known field given a value of another JSON type is a 400 in Go's words on every body route. */
    @Test
    void wrongJsonTypes_are400NamingFieldAndTypes() throws IOException {
        String[][] cases = {
            {"/containers/create", "{\"Image\":5}", "number into Go struct field CreateRequest.Image of type string"},
            {"/containers/create", "{\"Image\":\"busybox\",\"Tty\":\"yes\"}",
                "string into Go struct field CreateRequest.Tty of type bool"},
            {"/containers/create", "{\"Image\":\"busybox\",\"HostConfig\":{\"Memory\":\"1g\"}}",
                "string into Go struct field HostConfig.HostConfig.Memory of type int64"},
            {"/containers/keep/update", "{\"Memory\":\"1024\"}",
                "string into Go struct field UpdateConfig.Memory of type int64"},
            {"/containers/keep/exec", "{\"Cmd\":\"true\"}", "string into Go struct field ExecOptions.Cmd of type []string"},
            {"/networks/create", "{\"Name\":5}", "number into Go struct field CreateRequest.Name of type string"},
            {"/networks/keepnet/connect", "{\"Container\":5}",
                "number into Go struct field ConnectOptions.Container of type string"},
            {"/volumes/create", "{\"Name\":\"x\",\"Labels\":{\"a\":1}}",
                "number into Go struct field CreateOptions.Labels of type string"},
        };
        String before = state();
        List<String> wrongAnswers = new ArrayList<>();
        for (String[] c : cases) {
            byte[] body = c[1].getBytes(StandardCharsets.UTF_8);
            String head = "POST /v1.47" + c[0] + " HTTP/1.1\r\nHost: berth\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            String answer;
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(d.socket()));
                ch.write(ByteBuffer.wrap((head + c[1]).getBytes(StandardCharsets.UTF_8)));
                answer = readAll(ch);
            }
            boolean ok = answer.startsWith("HTTP/1.1 400 ")
                    && (!d.ownBerthd() || answer.contains("\"message\":\"json: cannot unmarshal " + c[2] + "\""));
            if (!ok) {
                wrongAnswers.add(c[0] + " " + c[1] + " → " + answer);
            }
        }
        assertThat(wrongAnswers).isEmpty();
        assertThat(state()).as("nothing a refused body did is visible").isEqualTo(before);
    }

    /** Sends one request (a byte every {@code slowMillis} ms when > 0) and checks its answer. */
    private void send(FuzzRequests request, int slowMillis) {
        sent.incrementAndGet();
        long t0 = System.nanoTime();
        String answer;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(d.socket()));
            try {
                if (slowMillis > 0) {
                    for (byte b : request.bytes()) {
                        ch.write(ByteBuffer.wrap(new byte[] {b}));
                        Thread.sleep(slowMillis);
                    }
                } else {
                    ch.write(ByteBuffer.wrap(request.bytes()));
                }
                if (request.closeEarly()) {
                    ch.shutdownOutput();
                }
            } catch (IOException e) {
                // the server answered and closed while a huge request was still being written: read what it said
            }
            answer = readAll(ch);
        } catch (IOException e) {
            answer = "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        millis.computeIfAbsent(request.kind(), k -> new LongAdder()).add((System.nanoTime() - t0) / 1_000_000);
        Matcher m = STATUS.matcher(answer);
        int status = m.find() ? Integer.parseInt(m.group(1)) : 0;
        seen.computeIfAbsent(request.kind(), k -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, k -> new LongAdder()).increment();
        String problem = null;
        if (status == 0) {
            problem = "no answer";
            noAnswer.increment();
        } else if (status < 400 || status > 599) {
            problem = "status " + status;
            accepted.increment();
        } else if (status >= 500 && status != 505) {
            // every request here is the client's fault: a 5xx says berthd failed to read it as such
            // (505 is HTTP's own answer to an unknown protocol version, as from dockerd)
            problem = "server error " + status;
            serverErrors.increment();
        } else if (!RAW_KINDS.contains(request.kind()) && !answer.contains("\"message\"")) {
            problem = "no JSON message";
            noMessage.increment();
        }
        if (status != 400) {
            Set<String> lines = samples.computeIfAbsent(request.kind() + " " + status,
                    k -> Collections.synchronizedSet(new LinkedHashSet<>()));
            if (lines.size() < 4) {
                String line = new String(request.bytes(), 0, Math.min(160, request.bytes().length), StandardCharsets.ISO_8859_1);
                int eol = line.indexOf('\r');
                lines.add(eol < 0 ? line : line.substring(0, eol));
            }
        }
        if (problem != null) {
            wrong.increment();
        }
        if (problem != null && failures.size() < 20) {
            String shown = new String(request.bytes(), 0, Math.min(200, request.bytes().length), StandardCharsets.ISO_8859_1);
            failures.add(request.kind() + ": " + problem + " for " + shown.replace("\r\n", "⏎") + " → "
                    + answer.substring(0, Math.min(300, answer.length())));
        }
    }

    /** The server's answer: until it closes or a whole response with a Content-Length is in; at most 30 s. */
    private static String readAll(SocketChannel ch) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        ch.configureBlocking(false);
        try {
            while (System.nanoTime() < deadline && !complete(all)) {
                int n = ch.read(buf);
                if (n < 0) {
                    break;
                }
                if (n == 0) {
                    Thread.sleep(1);
                    continue;
                }
                all.write(buf.array(), 0, buf.position());
                buf.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean complete(ByteArrayOutputStream received) {
        String text = received.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher m = CONTENT_LENGTH.matcher(text.substring(0, end));
        return m.find() && text.length() - end - 4 >= Integer.parseInt(m.group(1));
    }

    private String state() {
        return String.join("\n",
                ok(d.docker("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.State}}")).out(),
                ok(d.docker("inspect", "-f", "{{.State.StartedAt}} {{.RestartCount}} {{.HostConfig.Memory}}", KEEP)).out(),
                ok(d.docker("images", "-a", "-q", "--no-trunc")).out(),
                ok(d.docker("network", "ls", "-q", "--no-trunc")).out(),
                ok(d.docker("volume", "ls", "-q")).out());
    }

    /** The daemon's resident memory; -1 when its pid is not known (scripts/fuzz --socket without --pid). */
    private long rssKiB() throws IOException {
        if (d.pid() <= 0) {
            return -1;
        }
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(d.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for pid " + d.pid());
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
