package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.image.ImportResult;
import dev.berth.image.Reference;
import dev.berth.spi.EngineException;
import dev.berth.spi.ErrorKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real registry with {@code auth.htpasswd} (basic auth; distribution 2.8 does not insist on
 * TLS for it). The bcrypt line comes from {@code htpasswd -B} (apache2-utils).
 */
class AuthRegistryIT {
    static final Path HTPASSWD = Path.of("/usr/bin/htpasswd");
    static DockerRegistryProcess registry;
    static RegistryClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        assertTrue(DockerRegistryProcess.available(), "needs /usr/bin/docker-registry (scripts/install-deps)");
        assertTrue(Files.isExecutable(HTPASSWD), "needs htpasswd (apache2-utils, scripts/install-deps)");
        assertTrue(Files.isRegularFile(RegistryIT.BUSYBOX), "needs busybox-static (scripts/install-deps)");
        Process p = new ProcessBuilder(HTPASSWD.toString(), "-nbB", "alice", "s3cret").start();
        String line = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        registry = DockerRegistryProcess.start(line);
        client = new RegistryClient(RegistryConfig.defaults());
    }

    @AfterAll
    static void stop() throws IOException {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushAndPull_withCredentials_workAndWithoutOrWrongAreRefused() throws Exception {
        RegistryIT.Local a = RegistryIT.Local.at(tmp.resolve("a"));
        ImportResult image = RegistryIT.importImage(a, "amd64");
        Reference target = Reference.parse(registry.domain() + "/private/app:v1");
        RegistryAuth alice = RegistryAuth.basic("alice", "s3cret");

        assertThatThrownBy(() -> RegistryIT.push(client, a, image, target, null, null, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                .hasMessage("no basic auth credentials");
        ImagePush.PushResult pushed = RegistryIT.push(client, a, image, target, null, alice, null);

        RegistryIT.Local b = RegistryIT.Local.at(tmp.resolve("b"));
        PullResult r = new ImagePull(client, b.content(), b.layers()).pull(target, null, alice, 3, null);
        assertThat(r.imageId()).isEqualTo(image.imageId());
        assertThat(r.manifestDigest()).isEqualTo(pushed.digest());

        RegistryIT.Local c = RegistryIT.Local.at(tmp.resolve("c"));
        assertThatThrownBy(() -> new ImagePull(client, c.content(), c.layers())
                .pull(target, null, RegistryAuth.basic("alice", "wrong"), 3, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                .hasMessageContaining("unauthorized: authentication required");
        assertThatThrownBy(() -> new ImagePull(client, c.content(), c.layers()).pull(target, null, null, 3, null))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED));
        assertThat(c.layers().exists(r.layers().get(0).chainId())).isFalse();
    }

    @Test
    void login_checksCredentials() {
        AuthChecker checker = new AuthChecker(client);
        assertThat(checker.check(registry.domain(), RegistryAuth.basic("alice", "s3cret"))).isEqualTo("Login Succeeded");
        assertThatThrownBy(() -> checker.check("http://" + registry.domain(), RegistryAuth.basic("alice", "nope")))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHORIZED))
                .hasMessage("unauthorized: incorrect username or password");
    }
}
