package dev.berth.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.daemon.BerthdProcess.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --mount}'s newer options through the real docker CLI (and the API where the CLI has no flag):
 * a volume's subpath (API v1.45), the labels of a volume the run makes, read-only binds that are
 * read-only with every mount under them (API v1.44: {@code rro} where kernel and runtime can, as dockerd
 * 25+), {@code bind-recursive=writable|readonly}, a client older than v1.44 keeping the old depth,
 * {@code CreateMountpoint}, tmpfs {@code exec}, and an image mounted read-only ({@code type=image}, v1.48).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 300)
class MountOptionsIT {
    private static final String RO_FORCED = "type=bind,src=%s,dst=/h,ro,bind-recursive=readonly,bind-propagation=rprivate";
    private BerthdProcess d;
    private Path hostDir;
    private Path submount;

    @BeforeAll
    void startDaemon() throws IOException {
        BerthdProcess.requireEnvironment();
        assertThat(BerthdProcess.onPath("crun")).as("crun (scripts/install-deps installs it)").isPresent();
        d = BerthdProcess.start("{\"runtimes\": {\"crun\": {\"path\": \"/usr/bin/crun\"}}}");
        ok(d.docker("import", BerthdProcess.busyboxTar().toString(), "busybox"));
        // a host directory with a mount under it: what recursive read-only is about
        hostDir = Files.createTempDirectory("berth-it-mountopts-");
        submount = Files.createDirectory(hostDir.resolve("sub"));
        ok(BerthdProcess.run(Duration.ofSeconds(10), "mount", "-t", "tmpfs", "-o", "size=1m", "berth-it-mountopts",
                submount.toString()));
    }

    @AfterAll
    void stopDaemon() {
        if (d != null) {
            d.removeAllContainers();
            d.close();
        }
        if (submount != null) {
            BerthdProcess.run(Duration.ofSeconds(10), "umount", submount.toString());
        }
        if (hostDir != null) {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", hostDir.toString());
        }
    }

    @Test
    void volumeSubpath_mountsThatDirectoryOrFile_refusesMissingPathsAndLinks_leavesNoHostMount() throws IOException {
        ok(d.docker("volume", "create", "mo-site"));
        ok(d.docker("run", "--rm", "-v", "mo-site:/v", "busybox", "sh", "-c",
                "mkdir -p /v/public/html && echo hello > /v/public/html/index.html && ln -s / /v/escape"));
        assertThat(ok(d.docker("run", "--rm", "--mount", "src=mo-site,dst=/srv,volume-subpath=public/html", "busybox",
                "ls", "/srv")).out()).isEqualTo("index.html\n");
        assertThat(ok(d.docker("run", "--rm", "--mount", "src=mo-site,dst=/index.html,volume-subpath=public/html/index.html",
                "busybox", "cat", "/index.html")).out()).isEqualTo("hello\n");
        // what the container writes lands in the subpath
        ok(d.docker("run", "--rm", "--mount", "src=mo-site,dst=/srv,volume-subpath=public", "busybox", "sh", "-c",
                "echo more > /srv/more"));
        assertThat(ok(d.docker("run", "--rm", "-v", "mo-site:/v", "busybox", "cat", "/v/public/more")).out())
                .isEqualTo("more\n");

        Result missing = d.docker("run", "--rm", "--mount", "src=mo-site,dst=/srv,volume-subpath=nope", "busybox", "true");
        assertThat(missing.exitCode()).as(missing.toString()).isNotZero();
        assertThat(missing.err()).contains("cannot access path ").contains("/mo-site/_data/nope: no such file or directory");
        Result link = d.docker("run", "--rm", "--mount", "src=mo-site,dst=/srv,volume-subpath=escape", "busybox", "ls", "/srv");
        assertThat(link.exitCode()).as(link.toString()).isNotZero();
        assertThat(link.err()).contains("/mo-site/_data/escape: too many levels of symbolic links");
        Result outside = d.docker("run", "--rm", "--mount", "src=mo-site,dst=/srv,volume-subpath=../../..", "busybox", "true");
        assertThat(outside.err()).contains("invalid mount config for type \"volume\": subpath must be a relative path "
                + "within the volume");

        String inspected = ok(d.docker("create", "--name", "mo-sub", "--mount",
                "src=mo-site,dst=/srv,volume-subpath=public/html", "busybox", "true")).out();
        assertThat(ok(d.docker("inspect", "-f", "{{json .HostConfig.Mounts}}", "mo-sub")).out().strip()).isEqualTo(
                "[{\"Type\":\"volume\",\"Source\":\"mo-site\",\"Target\":\"/srv\",\"VolumeOptions\":{\"Subpath\":\"public/html\"}}]");
        assertThat(inspected).isNotBlank();
        ok(d.docker("start", "-a", "mo-sub"));
        ok(d.docker("rm", "mo-sub"));
        // the subpaths' host-side mount points are gone once each container started
        String mounts = Files.readString(Path.of("/proc/self/mountinfo"));
        assertThat(mounts).doesNotContain("/subpaths/");
        ok(d.docker("volume", "rm", "mo-site"));
    }

    @Test
    void volumeLabels_onTheVolumeTheRunMakes() {
        ok(d.docker("run", "--rm", "--mount", "src=mo-labelled,dst=/d,volume-label=tier=web,volume-label=solo",
                "busybox", "true"));
        assertThat(ok(d.docker("volume", "inspect", "-f", "{{json .Labels}}", "mo-labelled")).out().strip())
                .isEqualTo("{\"solo\":\"\",\"tier\":\"web\"}");
        assertThat(ok(d.docker("volume", "ls", "-q", "--filter", "label=tier=web")).out().strip()).isEqualTo("mo-labelled");
        ok(d.docker("volume", "rm", "mo-labelled"));
    }

    @Test
    void readOnlyBind_isReadOnlyWithTheMountsUnderIt_unlessAskedOtherwise() {
        // the default: rro where kernel and runtime can (runc 1.1 lists it in its features)
        Result dflt = ok(d.docker("run", "--rm", "-v", hostDir + ":/h:ro", "busybox", "sh", "-c",
                "touch /h/sub/a 2>&1; grep ' /h/sub ' /proc/mounts"));
        assertThat(dflt.out()).contains("Read-only file system").contains("tmpfs ro,");
        Result forced = ok(d.docker("run", "--rm", "--mount", RO_FORCED.formatted(hostDir), "busybox", "sh", "-c",
                "touch /h/sub/b 2>&1; true"));
        assertThat(forced.out()).contains("Read-only file system");
        // bind-recursive=writable: Docker 24's read-only bind, the submount writable
        ok(d.docker("run", "--rm", "--mount", "type=bind,src=" + hostDir + ",dst=/h,ro,bind-recursive=writable",
                "busybox", "touch", "/h/sub/c"));
        // a client older than API v1.44 gets what it always got
        Result old = BerthdProcess.run(Duration.ofSeconds(60), "env", "DOCKER_API_VERSION=1.43", "DOCKER_CLI_HINTS=false",
                "docker", "-H", d.host(), "run", "--rm", "-v", hostDir + ":/h:ro", "busybox", "sh", "-c",
                "touch /h/sub/d && ! touch /h/e 2>/dev/null");
        assertThat(old.exitCode()).as(old.toString()).isZero();
        assertThat(Files.exists(submount.resolve("c"))).isTrue();
        assertThat(Files.exists(submount.resolve("a"))).isFalse();
        assertThat(Files.exists(submount.resolve("b"))).isFalse();
        // the read-only named volume too
        ok(d.docker("volume", "create", "mo-ro"));
        assertThat(ok(d.docker("run", "--rm", "-v", "mo-ro:/r:ro", "busybox", "sh", "-c", "touch /r/x 2>&1; true")).out())
                .contains("Read-only file system");
        ok(d.docker("volume", "rm", "mo-ro"));
    }

    @Test
    void readOnlyBind_onARuntimeWithoutRro_fallsBackOrFailsWhenForced() {
        // crun (Debian 12's 1.8) has no `features`: as dockerd, the default falls back to ro, forcing fails
        ok(d.docker("run", "--rm", "--runtime", "crun", "-v", hostDir + ":/h:ro", "busybox", "touch", "/h/sub/crun"));
        Result forced = d.docker("run", "--rm", "--runtime", "crun", "--mount", RO_FORCED.formatted(hostDir), "busybox",
                "true");
        assertThat(forced.exitCode()).as(forced.toString()).isNotZero();
        assertThat(forced.err()).contains("rro is not supported by runtime \"crun\": OCI features struct is not available");
    }

    @Test
    void api_createMountpoint_andTheVersionChecks_andTmpfsExec() {
        Path made = hostDir.resolve("made-at-start");
        Result created = api("v1.50", "{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\","
                + "\"Source\":\"" + made + "\",\"Target\":\"/m\",\"BindOptions\":{\"CreateMountpoint\":true}}]}}");
        assertThat(created.out()).contains("201 ");
        String id = created.out().replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
        assertThat(Files.exists(made)).as("made at start, not at create").isFalse();
        ok(d.docker("start", "-a", id));
        assertThat(Files.isDirectory(made)).isTrue();
        ok(d.docker("rm", id));

        assertThat(api("v1.43", "{\"Image\":\"busybox\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"bind\",\"Source\":\"/tmp\","
                + "\"Target\":\"/m\",\"ReadOnly\":true,\"BindOptions\":{\"ReadOnlyForceRecursive\":true}}]}}").out())
                .contains("BindOptions.ReadOnlyForceRecursive needs API v1.44 or newer").contains("400 ");
        assertThat(api("v1.44", "{\"Image\":\"busybox\",\"HostConfig\":{\"Mounts\":[{\"Type\":\"volume\",\"Source\":\"v\","
                + "\"Target\":\"/m\",\"VolumeOptions\":{\"Subpath\":\"a\"}}]}}").out())
                .contains("VolumeOptions.Subpath needs API v1.45 or newer").contains("400 ");

        Result exec = api("v1.50", "{\"Image\":\"busybox\",\"Cmd\":[\"sh\",\"-c\",\"grep ' /t ' /proc/mounts\"],"
                + "\"HostConfig\":{\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"Options\":[[\"exec\"]]}}]}}");
        String execId = exec.out().replaceAll("(?s).*\"Id\":\"([0-9a-f]+)\".*", "$1");
        String line = ok(d.docker("start", "-a", execId)).out();
        assertThat(line).contains(" /t tmpfs ").doesNotContain("noexec");
        ok(d.docker("rm", execId));
        assertThat(ok(d.docker("ps", "-aq")).out()).as("the refused creates made nothing").isBlank();
    }

    @Test
    void imageMount_theImagesFilesReadOnly_aSubpath_andTheImageKeptWhileUsed() throws IOException {
        Path context = Files.createTempDirectory("berth-it-imagemount-");
        try {
            Files.writeString(context.resolve("Dockerfile"),
                    "FROM busybox\nRUN echo tool > /tool.txt && mkdir /kit && echo kit > /kit/readme\n");
            ok(d.docker("build", "-q", "-t", "mo-tools", context.toString()));
        } finally {
            BerthdProcess.run(Duration.ofSeconds(30), "rm", "-rf", context.toString());
        }
        Result whole = ok(d.docker("run", "--rm", "--mount", "type=image,src=mo-tools,dst=/t", "busybox", "sh", "-c",
                "cat /t/tool.txt; touch /t/x 2>&1; true"));
        assertThat(whole.out()).startsWith("tool\n").contains("Read-only file system");
        assertThat(ok(d.docker("run", "--rm", "--mount", "type=image,src=mo-tools,dst=/k,image-subpath=kit", "busybox",
                "cat", "/k/readme")).out()).isEqualTo("kit\n");
        Result missing = d.docker("run", "--rm", "--mount", "type=image,src=mo-none,dst=/t", "busybox", "true");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(125);
        assertThat(missing.err()).contains("No such image: mo-none");

        ok(d.docker("create", "--name", "mo-img", "--mount", "type=image,src=mo-tools,dst=/t", "busybox", "cat",
                "/t/tool.txt"));
        assertThat(ok(d.docker("inspect", "-f", "{{json .Mounts}}", "mo-img")).out().strip()).isEqualTo(
                "[{\"Type\":\"image\",\"Name\":\"mo-tools\",\"Source\":\"\",\"Destination\":\"/t\",\"Mode\":\"\","
                        + "\"RW\":false,\"Propagation\":\"\"}]");
        Result rmi = d.docker("rmi", "mo-tools");
        assertThat(rmi.exitCode()).as(rmi.toString()).isNotZero();
        assertThat(rmi.err()).contains("container ").contains("is using its referenced image");
        assertThat(ok(d.docker("start", "-a", "mo-img")).out()).isEqualTo("tool\n");
        ok(d.docker("rm", "mo-img"));
        ok(d.docker("rmi", "mo-tools"));
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain("/image-mounts/");
    }

    /** POST /VERSION/containers/create with BODY; the output ends with the status code. */
    private Result api(String version, String body) {
        return BerthdProcess.run(Duration.ofSeconds(30), "curl", "-s", "-w", " %{http_code} ", "-X", "POST",
                "--unix-socket", d.socket().toString(), "-H", "Content-Type: application/json", "-d", body,
                "http://localhost/" + version + "/containers/create");
    }

    private static Result ok(Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
