package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteSourcesTest {

    @Test
    void filename_fromThePathElseContentDisposition_elseNone() {
        assertThat(RemoteSources.filename("/files/app.tar.gz", "")).isEqualTo("app.tar.gz");
        assertThat(RemoteSources.filename("/dir/", "attachment; filename=\"report.txt\"")).isEqualTo("report.txt");
        assertThat(RemoteSources.filename("", "attachment; filename=x/y.bin")).isEqualTo("y.bin");
        assertThat(RemoteSources.filename("/", "")).isEmpty();
    }

    @Test
    void lastModified_httpDate_elseTheEpoch() {
        assertThat(RemoteSources.lastModified(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT")))
                .isEqualTo(Instant.parse("2015-10-21T07:28:00Z"));
        assertThat(RemoteSources.lastModified(Optional.of("yesterday"))).isEqualTo(Instant.EPOCH);
        assertThat(RemoteSources.lastModified(Optional.empty())).isEqualTo(Instant.EPOCH);
    }

    @Test
    void isUrlAndIsGit_tellDownloadsFromRepositories() {
        assertThat(RemoteSources.isUrl("https://example.com/a")).isTrue();
        assertThat(RemoteSources.isUrl("HTTP://example.com/a")).isTrue();
        assertThat(RemoteSources.isUrl("httpdocs/a")).isFalse();
        assertThat(RemoteSources.isGit("https://github.com/moby/moby.git")).isTrue();
        assertThat(RemoteSources.isGit("https://github.com/moby/moby.git#v1")).isTrue();
        assertThat(RemoteSources.isGit("git@github.com:moby/moby.git")).isTrue();
        assertThat(RemoteSources.isGit("https://example.com/a.tar")).isFalse();
    }

    @Test
    void checkChecksum_onlySha256Hex() {
        RemoteSources.checkChecksum("sha256:" + "a".repeat(64));
        assertThatThrownBy(() -> RemoteSources.checkChecksum("md5:abc"))
                .hasMessageContaining("invalid checksum digest format: md5:abc");
    }
}
