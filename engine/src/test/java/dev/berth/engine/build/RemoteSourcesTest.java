package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
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

    /** In a class loader of its own, so that no other test's download has made the client already. */
    @Test
    void isUrl_aCopysSourceChecked_startsNoHttpClient() throws Exception {
        URL[] classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(RemoteSourcesTest::url).toArray(URL[]::new);
        try (URLClassLoader fresh = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            long before = httpClientThreads();
            Method isUrl = Class.forName(RemoteSources.class.getName(), true, fresh).getDeclaredMethod("isUrl", String.class);
            isUrl.setAccessible(true);
            assertThat(isUrl.invoke(null, "data/")).isEqualTo(false);
            assertThat(httpClientThreads()).isEqualTo(before);
        }
    }

    private static URL url(String path) {
        try {
            return Path.of(path).toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(path, e);
        }
    }

    private static long httpClientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("HttpClient-")).count();
    }

    @Test
    void checkChecksum_onlySha256Hex() {
        RemoteSources.checkChecksum("sha256:" + "a".repeat(64));
        assertThatThrownBy(() -> RemoteSources.checkChecksum("md5:abc"))
                .hasMessageContaining("invalid checksum digest format: md5:abc");
    }
}
