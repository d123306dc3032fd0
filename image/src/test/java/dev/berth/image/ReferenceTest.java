package dev.berth.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Outcomes as Docker's distribution/reference ParseNormalizedNamed gives them. */
class ReferenceTest {
    private static final String HEX = "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa";

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        // input                          | canonical                                  | familiarName        | familiar                  | tag
        "busybox                          | docker.io/library/busybox:latest           | busybox             | busybox:latest            | latest",
        "busybox:1.36                     | docker.io/library/busybox:1.36             | busybox             | busybox:1.36              | 1.36",
        "library/busybox                  | docker.io/library/busybox:latest           | busybox             | busybox:latest            | latest",
        "docker.io/busybox                | docker.io/library/busybox:latest           | busybox             | busybox:latest            | latest",
        "index.docker.io/library/busybox  | docker.io/library/busybox:latest           | busybox             | busybox:latest            | latest",
        "user/app:v1                      | docker.io/user/app:v1                      | user/app            | user/app:v1               | v1",
        "localhost:5000/x/y:tag           | localhost:5000/x/y:tag                     | localhost:5000/x/y  | localhost:5000/x/y:tag    | tag",
        "localhost/foo                    | localhost/foo:latest                       | localhost/foo       | localhost/foo:latest      | latest",
        "example.com/a/b/c                | example.com/a/b/c:latest                   | example.com/a/b/c   | example.com/a/b/c:latest  | latest",
        "[::1]:5000/foo                   | [::1]:5000/foo:latest                      | [::1]:5000/foo      | [::1]:5000/foo:latest     | latest",
        "Foo/bar                          | Foo/bar:latest                             | Foo/bar             | Foo/bar:latest            | latest",
        "a__b/c--d.e_f:V_1.0-x            | docker.io/a__b/c--d.e_f:V_1.0-x            | a__b/c--d.e_f       | a__b/c--d.e_f:V_1.0-x     | V_1.0-x",
        "docker.io/library/a/b            | docker.io/library/a/b:latest               | library/a/b         | library/a/b:latest        | latest",
    })
    void parse_valid_normalises(String input, String canonical, String familiarName, String familiar, String tag) {
        Reference r = Reference.parse(input.strip());
        assertThat(r.canonical()).isEqualTo(canonical.strip());
        assertThat(r.familiarName()).isEqualTo(familiarName.strip());
        assertThat(r.familiar()).isEqualTo(familiar.strip());
        assertThat(r.tag()).isEqualTo(tag.strip());
        assertThat(r.digest()).isNull();
    }

    @Test
    void parse_digestOnly_hasNoTag() {
        Reference r = Reference.parse("busybox@sha256:" + HEX);
        assertThat(r.tag()).isNull();
        assertThat(r.digest()).isEqualTo(new Digest(HEX));
        assertThat(r.canonical()).isEqualTo("docker.io/library/busybox@sha256:" + HEX);
        assertThat(r.familiar()).isEqualTo("busybox@sha256:" + HEX);
    }

    @Test
    void parse_tagAndDigest_keepsBoth() {
        Reference r = Reference.parse("busybox:1.36@sha256:" + HEX);
        assertThat(r.tag()).isEqualTo("1.36");
        assertThat(r.digest()).isEqualTo(new Digest(HEX));
        assertThat(r.canonical()).isEqualTo("docker.io/library/busybox:1.36@sha256:" + HEX);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "''                      | invalid reference format",
        "UPPER                   | invalid reference format: repository name (library/UPPER) must be lowercase",
        "user/App:v1             | invalid reference format: repository name (user/App) must be lowercase",
        "busybox:                | invalid reference format",
        "busybox:-tag            | invalid reference format",
        ":tag                    | invalid reference format",
        "a/b/                    | invalid reference format",
        "-busybox                | invalid reference format",
        "bus___ybox              | invalid reference format",
        "busybox@sha256:abc      | invalid reference format",
        "busybox:a b             | invalid reference format",
        "busybox@sha256:7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5 | invalid checksum digest length",
        "7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa | invalid repository name (7cc4b5aefd1d0cadf8d97d4350462ba51c694ebca145b08d7d41b41acc8db5aa), cannot specify 64-byte hexadecimal strings",
    })
    void parse_invalid_dockerMessage(String input, String message) {
        assertThatThrownBy(() -> Reference.parse(input.strip()))
                .isInstanceOf(EngineException.class)
                .hasMessage(message.strip())
                .extracting(e -> ((EngineException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void parse_tooLongName_dockerMessage() {
        assertThatThrownBy(() -> Reference.parse("a".repeat(256)))
                .hasMessage("repository name must not be more than 255 characters");
    }

    @Test
    void parse_tooLongTag_invalidFormat() {
        assertThatThrownBy(() -> Reference.parse("busybox:" + "t".repeat(129)))
                .hasMessage("invalid reference format");
        assertThat(Reference.parse("busybox:" + "t".repeat(128)).tag()).hasSize(128);
    }

    @Test
    void validateTag_dockerGrammar() {
        assertThat(Reference.validateTag("_a.b-c")).isEqualTo("_a.b-c");
        assertThatThrownBy(() -> Reference.validateTag(".a")).hasMessage("invalid tag format");
        assertThatThrownBy(() -> Reference.validateTag("")).hasMessage("invalid tag format");
    }

    @Test
    void withTag_dropsDigest() {
        Reference r = Reference.parse("busybox@sha256:" + HEX).withTag("x");
        assertThat(r.familiar()).isEqualTo("busybox:x");
    }
}
