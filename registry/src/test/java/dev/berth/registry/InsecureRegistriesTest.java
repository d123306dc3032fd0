package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import java.util.List;
import org.junit.jupiter.api.Test;

class InsecureRegistriesTest {
    @Test
    void loopbackAndLocalhost_areAlwaysInsecure() {
        InsecureRegistries r = InsecureRegistries.defaults();
        assertThat(r.isInsecure("127.0.0.1:5000")).isTrue();
        assertThat(r.isInsecure("127.8.9.10")).isTrue();
        assertThat(r.isInsecure("localhost:5000")).isTrue();
        assertThat(r.isInsecure("[::1]:5000")).isTrue();
        assertThat(r.isInsecure("registry.example.com")).isFalse();
        assertThat(r.isInsecure("10.1.2.3:5000")).isFalse();
    }

    @Test
    void hostPortEntries_matchExactly() {
        InsecureRegistries r = new InsecureRegistries(List.of("myreg:5000", "other.example"));
        assertThat(r.isInsecure("myreg:5000")).isTrue();
        assertThat(r.isInsecure("myreg:5001")).isFalse();
        assertThat(r.isInsecure("other.example")).isTrue();
    }

    @Test
    void cidrEntries_matchIpLiterals() {
        InsecureRegistries r = new InsecureRegistries(List.of("10.0.0.0/8", "192.168.1.0/24"));
        assertThat(r.isInsecure("10.200.0.1:5000")).isTrue();
        assertThat(r.isInsecure("192.168.1.77")).isTrue();
        assertThat(r.isInsecure("192.168.2.1")).isFalse();
    }

    @Test
    void badEntries_areRefused() {
        assertThatThrownBy(() -> new InsecureRegistries(List.of("http://x:5000"))).isInstanceOf(EngineException.class);
        assertThatThrownBy(() -> new InsecureRegistries(List.of("10.0.0.0/99"))).isInstanceOf(EngineException.class);
    }
}
