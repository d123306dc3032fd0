package dev.berth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.model.ContainerPathStat;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ContainerFileRoutesTest {

    @Test
    void header_base64JsonWithDockersLowercaseKeys() throws Exception {
        String h = ContainerFileRoutes.header(new ContainerPathStat("etc", 4096, (1L << 31) | 0755,
                "2024-01-02T03:04:05.000000001Z", ""));
        JsonNode json = Json.MAPPER.readTree(Base64.getDecoder().decode(h));
        assertThat(json.get("name").asText()).isEqualTo("etc");
        assertThat(json.get("size").asLong()).isEqualTo(4096);
        assertThat(json.get("mode").asLong()).isEqualTo(2147484141L);
        assertThat(json.get("mtime").asText()).isEqualTo("2024-01-02T03:04:05.000000001Z");
        assertThat(json.get("linkTarget").asText()).isEmpty();
        assertThat(json.size()).isEqualTo(5);
    }
}
