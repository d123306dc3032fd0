package dev.berth.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTextTest {

    @Test
    void familiesHaveHelpAndTypeLinesThenSamples() {
        String text = new MetricsText()
                .family("berth_images", "gauge", "Images stored.")
                .sample("berth_images", 3)
                .toString();
        assertEquals("# HELP berth_images Images stored.\n# TYPE berth_images gauge\nberth_images 3\n", text);
    }

    @Test
    void labelsAreWrittenInTheOrderGiven() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("route", "/containers/{id}/json");
        labels.put("method", "GET");
        labels.put("code", "404");
        String text = new MetricsText().sample("berth_api_requests_total", labels, 2).toString();
        assertEquals("berth_api_requests_total{route=\"/containers/{id}/json\",method=\"GET\",code=\"404\"} 2\n", text);
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndNewline() {
        String text = new MetricsText().sample("m", Map.of("l", "a\\b\"c\nd"), 1).toString();
        assertEquals("m{l=\"a\\\\b\\\"c\\nd\"} 1\n", text);
    }

    @Test
    void helpEscapesBackslashAndNewlineButNotQuotes() {
        String text = new MetricsText().family("m", "counter", "say \"hi\"\\\nbye").toString();
        assertEquals("# HELP m say \"hi\"\\\\\\nbye\n# TYPE m counter\n", text);
    }

    @Test
    void numbersAsPrometheusClientsWriteThem() {
        assertEquals("m 0.25\nm NaN\nm +Inf\nm -Inf\nm 1700000000\nm 1796308075.68\nm 0.0005\n", new MetricsText()
                .sample("m", 0.25).sample("m", Double.NaN).sample("m", Double.POSITIVE_INFINITY)
                .sample("m", Double.NEGATIVE_INFINITY).sample("m", 1.7e9).sample("m", 1796308075.68)
                .sample("m", 0.0005).toString());
        assertEquals("1", MetricsText.number(1.0));
        assertEquals("2.5", MetricsText.number(2.5));
    }

    @Test
    void invalidNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new MetricsText().sample("berth-images", 1));
        assertThrows(IllegalArgumentException.class, () -> new MetricsText().sample("m", Map.of("le-x", "1"), 1));
    }

    @Test
    void metricsAddressIsHostColonPort() {
        assertEquals(9323, MetricsServer.parse("127.0.0.1:9323").getPort());
        assertTrue(MetricsServer.parse("[::1]:9323").getAddress().isLoopbackAddress());
        assertEquals("metrics-addr 127.0.0.1: missing port in address",
                assertThrows(IllegalArgumentException.class, () -> MetricsServer.parse("127.0.0.1")).getMessage());
        assertEquals("metrics-addr 127.0.0.1:99999: invalid port",
                assertThrows(IllegalArgumentException.class, () -> MetricsServer.parse("127.0.0.1:99999")).getMessage());
    }
}
