package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BaseImagesTest {

    private static String header(String json) {
        return Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String decoded(String value) {
        return new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
    }

    @Test
    void authFor_picksTheEntryOfTheImagesRegistry() {
        String h = header("{\"https://index.docker.io/v1/\":{\"username\":\"hub\"},"
                + "\"localhost:5000\":{\"username\":\"alice\",\"password\":\"pw\"}}");
        assertThat(decoded(BaseImages.authFor("localhost:5000", h))).contains("\"alice\"", "\"pw\"");
        assertThat(decoded(BaseImages.authFor("docker.io", h))).contains("\"hub\"");
        assertThat(BaseImages.authFor("quay.io", h)).isNull();
        assertThat(BaseImages.authFor("docker.io", null)).isNull();
        assertThat(BaseImages.authFor("docker.io", header("{}"))).isNull();
    }
}
