package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class RegistryAuthTest {
    private static String url(String json, boolean pad) {
        Base64.Encoder e = pad ? Base64.getUrlEncoder() : Base64.getUrlEncoder().withoutPadding();
        return e.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void fromHeader_cliJson_decodesAllFields() {
        String json = "{\"username\":\"alice\",\"password\":\"p?>w\",\"serveraddress\":\"localhost:5000\","
                + "\"identitytoken\":\"\",\"registrytoken\":\"\"}";
        for (boolean pad : new boolean[] {true, false}) {
            RegistryAuth a = RegistryAuth.fromHeader(url(json, pad));
            assertThat(a.username()).isEqualTo("alice");
            assertThat(a.password()).isEqualTo("p?>w");
            assertThat(a.serverAddress()).isEqualTo("localhost:5000");
            assertThat(a.identityToken()).isNull();
            assertThat(a.isAnonymous()).isFalse();
        }
    }

    @Test
    void fromHeader_standardBase64AndTokens() {
        String json = "{\"identitytoken\":\"tok>>?\",\"Username\":\"u\"}";
        RegistryAuth a = RegistryAuth.fromHeader(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(a.identityToken()).isEqualTo("tok>>?");
        assertThat(a.username()).isEqualTo("u");
    }

    @Test
    void fromHeader_legacyAuthField() {
        String auth = Base64.getEncoder().encodeToString("bob:secret".getBytes(StandardCharsets.UTF_8));
        RegistryAuth a = RegistryAuth.fromHeader(url("{\"auth\":\"" + auth + "\"}", true));
        assertThat(a.username()).isEqualTo("bob");
        assertThat(a.password()).isEqualTo("secret");
    }

    @Test
    void fromHeader_emptyOrEmptyObject_isAnonymous() {
        assertThat(RegistryAuth.fromHeader(null).isAnonymous()).isTrue();
        assertThat(RegistryAuth.fromHeader("").isAnonymous()).isTrue();
        assertThat(RegistryAuth.fromHeader(url("{}", true)).isAnonymous()).isTrue();
        assertThat(RegistryAuth.fromHeader(url("null", true)).isAnonymous()).isTrue();
    }

    @Test
    void fromHeader_garbage_isInvalidArgument() {
        assertThatThrownBy(() -> RegistryAuth.fromHeader("!!!"))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> RegistryAuth.fromHeader(url("not json", true))).isInstanceOf(EngineException.class);
    }

    @Test
    void toString_hidesSecrets() {
        assertThat(RegistryAuth.basic("alice", "hunter2").toString()).doesNotContain("hunter2").contains("alice");
    }
}
