package dev.berth.daemon;

import dev.berth.actors.container.ContainerView;
import dev.berth.actors.image.ImageView;
import dev.berth.actors.network.NetworkView;
import dev.berth.actors.support.JournalStats;
import dev.berth.actors.volume.VolumeView;
import dev.berth.api.MetricsText;
import dev.berth.api.RequestCounts;
import dev.berth.daemon.sinks.SinkStatus;
import dev.berth.persistence.container.ContainerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What {@code GET /metrics} shows ({@code --metrics-addr}): gauges read from the read models at scrape
 * time, the journal's and the API's counters, and the process's own figures under the names every
 * Prometheus client uses for them.
 */
final class EngineMetrics implements Supplier<String> {
    /** Docker's State.Status words: each is shown, at 0 when no container is in it, so a series never vanishes. */
    static final List<String> STATES = List.of("created", "running", "paused", "restarting", "removing", "exited", "dead");

    private final ContainerView containers;
    private final ImageView images;
    private final VolumeView volumes;
    private final NetworkView networks;
    private final RequestCounts requests;
    private final Supplier<List<SinkStatus>> sinks;

    EngineMetrics(ContainerView containers, ImageView images, VolumeView volumes, NetworkView networks,
                  RequestCounts requests, Supplier<List<SinkStatus>> sinks) {
        this.sinks = sinks;
        this.containers = containers;
        this.images = images;
        this.volumes = volumes;
        this.networks = networks;
        this.requests = requests;
    }

    @Override
    public String get() {
        MetricsText text = new MetricsText();
        objects(text);
        journal(text, JournalStats.snapshot());
        requests(text, requests.snapshot());
        sinks(text, sinks.get());
        process(text);
        return text.toString();
    }

    private void objects(MetricsText text) {
        Map<String, Integer> byState = new LinkedHashMap<>();
        STATES.forEach(s -> byState.put(s, 0));
        for (ContainerState c : containers.all()) {
            byState.merge(c.status(), 1, Integer::sum);
        }
        text.family("berth_containers", "gauge", "Containers, by state.");
        byState.forEach((state, n) -> text.sample("berth_containers", Map.of("state", state), n));
        text.family("berth_images", "gauge", "Images stored.").sample("berth_images", images.size());
        text.family("berth_volumes", "gauge", "Volumes.").sample("berth_volumes", volumes.all().size());
        text.family("berth_networks", "gauge", "Networks.").sample("berth_networks", networks.all().size());
    }

    static void journal(MetricsText text, JournalStats.Snapshot s) {
        text.family("berth_events_journaled_total", "counter", "Events written to the journal since berthd started, "
                + "by entity type.");
        s.eventsByType().forEach((type, n) -> text.sample("berth_events_journaled_total", Map.of("entity", type), n));
        String name = "berth_journal_write_duration_seconds";
        text.family(name, "histogram", "Time from an entity's persist to the journal's acknowledgement.");
        long cumulative = 0;
        for (int i = 0; i < JournalStats.BUCKETS.length; i++) {
            cumulative += s.writeBuckets()[i];
            text.sample(name + "_bucket", Map.of("le", MetricsText.number(JournalStats.BUCKETS[i])), cumulative);
        }
        cumulative += s.writeBuckets()[JournalStats.BUCKETS.length];
        text.sample(name + "_bucket", Map.of("le", "+Inf"), cumulative);
        text.sample(name + "_sum", s.writeSeconds());
        text.sample(name + "_count", cumulative);
    }

    static void requests(MetricsText text, Map<RequestCounts.Key, Long> counts) {
        text.family("berth_api_requests_total", "counter", "API requests answered, by method, route and status code.");
        counts.forEach((k, n) -> {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("method", k.method());
            labels.put("route", k.route());
            labels.put("code", String.valueOf(k.code()));
            text.sample("berth_api_requests_total", labels, n);
        });
    }

    static void sinks(MetricsText text, List<SinkStatus> all) {
        if (all.isEmpty()) {
            return; // no event-sinks configured: no families without a series
        }
        text.family("berth_event_sink_lag", "gauge", "Events an event sink is behind the journal.");
        all.forEach(s -> text.sample("berth_event_sink_lag", Map.of("sink", s.name()), s.lag()));
        text.family("berth_event_sink_delivered_total", "counter", "Events event sinks acknowledged since berthd "
                + "started.");
        all.forEach(s -> text.sample("berth_event_sink_delivered_total", Map.of("sink", s.name()), s.delivered()));
        text.family("berth_event_sink_failures_total", "counter", "Failed or timed-out event sink calls since "
                + "berthd started.");
        all.forEach(s -> text.sample("berth_event_sink_failures_total", Map.of("sink", s.name()), s.failures()));
    }

    private static void process(MetricsText text) {
        Map<String, Long> status = procStatus();
        if (status.containsKey("VmRSS")) {
            text.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
                    .sample("process_resident_memory_bytes", status.get("VmRSS") * 1024);
        }
        if (status.containsKey("VmSize")) {
            text.family("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.")
                    .sample("process_virtual_memory_bytes", status.get("VmSize") * 1024);
        }
        if (status.containsKey("Threads")) {
            text.family("process_threads", "gauge", "Number of OS threads in the process.")
                    .sample("process_threads", status.get("Threads"));
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            text.family("process_open_fds", "gauge", "Number of open file descriptors.")
                    .sample("process_open_fds", fds.count());
        } catch (IOException e) {
            // not Linux's /proc: the figure is left out rather than made up
        }
        var info = ProcessHandle.current().info();
        info.totalCpuDuration().ifPresent(d -> text.family("process_cpu_seconds_total", "counter",
                "Total user and system CPU time spent in seconds.").sample("process_cpu_seconds_total", d.toMillis() / 1000.0));
        info.startInstant().ifPresent(t -> text.family("process_start_time_seconds", "gauge",
                "Start time of the process since unix epoch in seconds.")
                .sample("process_start_time_seconds", t.toEpochMilli() / 1000.0));
    }

    /** /proc/self/status's numeric fields (kB figures as kB), empty where there is no /proc. */
    private static Map<String, Long> procStatus() {
        Map<String, Long> out = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String[] words = line.substring(colon + 1).trim().split("\\s+");
                if (words.length > 0 && words[0].matches("\\d+")) {
                    out.put(line.substring(0, colon), Long.parseLong(words[0]));
                }
            }
        } catch (IOException e) {
            // no /proc: no figures from it
        }
        return out;
    }
}
