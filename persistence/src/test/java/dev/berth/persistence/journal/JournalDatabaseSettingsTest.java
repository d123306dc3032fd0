package dev.berth.persistence.journal;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The journal plugin's two count settings are refused, by name, below 1 (issue #17: nothing accepted and ignored). */
class JournalDatabaseSettingsTest {
    private static Config with(int writeBatch, int readers) {
        return ConfigFactory.parseMap(Map.of("url", "jdbc:h2:mem:settings", "user", "sa", "password", "",
                "write-batch", writeBatch, "readers", readers));
    }

    @Test
    void readers_zero_isRefusedNamingIt() {
        assertThatThrownBy(() -> new JournalDatabase(with(400, 0)))
                .hasMessage("berth.journal.readers must be at least 1, not 0");
    }

    @Test
    void writeBatch_negative_isRefusedNamingIt() {
        assertThatThrownBy(() -> new JournalDatabase(with(-5, 2)))
                .hasMessage("berth.journal.write-batch must be at least 1, not -5");
    }
}
