#!/usr/bin/python3
"""docker-py (the high-level client, docker.from_env()) against a Docker-compatible daemon.

Environment: DOCKER_HOST (the daemon), BERTH_IMAGE (a local busybox image with CMD sh),
BERTH_REGISTRY (host:port of a plain-HTTP registry on loopback), BERTH_PREFIX (a unique prefix for
the names this script gives; it removes what it made). Prints each step; on the first failure it
prints the step's name and the error and exits 1.
"""
import io
import os
import socket
import sys
import tarfile
import threading
import time
import traceback

import docker

IMAGE = os.environ["BERTH_IMAGE"]
REGISTRY = os.environ["BERTH_REGISTRY"]
PREFIX = os.environ.get("BERTH_PREFIX", "pycheck")

client = docker.from_env(timeout=120)
made_containers, made_networks, made_volumes, made_images = [], [], [], []


def name(suffix):
    return PREFIX + "-" + suffix


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def run(**kwargs):
    c = client.containers.run(IMAGE, detach=True, **kwargs)
    made_containers.append(c.id)
    return c


def step_run_detached():
    port = free_port()
    vol = name("data")
    made_volumes.append(vol)
    c = run(name=name("web"), command=["sh", "-c", "echo $GREETING > /data/g; echo ready; exec busybox httpd -f -p 8080 -h /data"],
            ports={"8080/tcp": ("127.0.0.1", port)}, volumes={vol: {"bind": "/data", "mode": "rw"}},
            environment={"GREETING": "hello"})
    c.reload()
    check(c.status == "running", "status is running, got " + c.status)
    check(c.name == name("web"), "name " + c.name)
    binding = c.attrs["NetworkSettings"]["Ports"]["8080/tcp"][0]
    check(binding["HostPort"] == str(port), "published port " + str(binding))
    check(c.ports["8080/tcp"][0]["HostPort"] == str(port), "container.ports")
    env = c.attrs["Config"]["Env"]
    check("GREETING=hello" in env, "env " + str(env))
    mounts = c.attrs["Mounts"]
    check(any(m.get("Name") == vol and m["Destination"] == "/data" for m in mounts), "mounts " + str(mounts))
    print("  %s running, 8080/tcp on 127.0.0.1:%d, volume %s at /data" % (c.name, port, vol))
    return c, port


def step_exec(c):
    code, out = c.exec_run(["sh", "-c", "cat /data/g"])
    check(code == 0 and out == b"hello\n", "exec_run cat: %r %r" % (code, out))
    code, (out, err) = c.exec_run(["sh", "-c", "echo to-out; echo to-err >&2; exit 3"], demux=True)
    check(code == 3, "demux exit code %r" % code)
    check(out == b"to-out\n" and err == b"to-err\n", "demux out=%r err=%r" % (out, err))
    result = c.exec_run(["sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.1; done"], stream=True)
    chunks = b"".join(result.output)
    check(chunks == b"line1\nline2\nline3\n", "stream %r" % chunks)
    result = c.exec_run(["sh", "-c", "echo o; echo e >&2"], stream=True, demux=True)
    outs, errs = b"", b""
    for o, e in result.output:
        outs += o or b""
        errs += e or b""
    check(outs == b"o\n" and errs == b"e\n", "stream+demux %r %r" % (outs, errs))
    print("  exec_run: plain, demux (exit 3), stream, stream+demux")


def step_archive(c):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        data = b"put by docker-py\n"
        info = tarfile.TarInfo("put.txt")
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    check(c.put_archive("/tmp", buf.getvalue()), "put_archive returned false")
    code, out = c.exec_run(["cat", "/tmp/put.txt"])
    check(out == b"put by docker-py\n", "file put: %r" % out)
    bits, stat = c.get_archive("/tmp/put.txt")
    check(stat["name"] == "put.txt" and stat["size"] == 17, "stat %r" % stat)
    with tarfile.open(fileobj=io.BytesIO(b"".join(bits))) as t:
        got = t.extractfile("put.txt").read()
    check(got == b"put by docker-py\n", "get_archive %r" % got)
    print("  put_archive /tmp/put.txt, get_archive back (stat %s)" % stat["size"])


def step_logs_stats(c):
    lines = []
    for chunk in c.logs(stream=True, follow=False):
        lines.append(chunk)
    check(b"ready" in b"".join(lines), "logs %r" % lines)
    stats = c.stats(stream=False)
    check(stats["memory_stats"].get("usage", 0) > 0, "memory usage %r" % stats["memory_stats"])
    check("cpu_stats" in stats and "precpu_stats" in stats, "cpu stats keys")
    print("  logs(stream=True) has 'ready'; stats memory usage %d" % stats["memory_stats"]["usage"])


def step_wait_autoremove():
    c = run(name=name("once"), command=["sh", "-c", "exit 7"])
    r = c.wait(timeout=60)
    check(r["StatusCode"] == 7, "wait %r" % r)
    out = client.containers.run(IMAGE, ["echo", "auto"], remove=True)
    check(out == b"auto\n", "run remove=True output %r" % out)
    c2 = client.containers.run(IMAGE, ["sh", "-c", "exit 0"], detach=True, auto_remove=True, name=name("auto"))
    check(c2.name == name("auto"), "auto_remove container name")  # it may already be gone: no wait
    deadline = time.time() + 20
    while time.time() < deadline:
        if not client.api.containers(all=True, filters={"name": name("auto")}):
            break
        time.sleep(0.2)
    check(not client.api.containers(all=True, filters={"name": name("auto")}), "auto_remove left the container")
    print("  wait -> 7; run(remove=True) output; auto_remove container gone")


def step_errors(port):
    try:
        client.containers.create(name("missing") + ":nope", "true")
        raise AssertionError("no error for a missing image")
    except docker.errors.ImageNotFound as e:
        print("  ImageNotFound:", e.explanation)
    try:
        # run pulls what create did not find; the registry has no such repository.
        client.containers.run(REGISTRY + "/" + PREFIX + "/missing:nope", "true")
        raise AssertionError("no error for an image neither local nor in the registry")
    except docker.errors.NotFound as e:
        check("manifest unknown" in e.explanation, "pull of a missing image: %r" % e.explanation)
        print("  NotFound:", e.explanation)
    try:
        client.images.get("no-such-image-" + PREFIX)
        raise AssertionError("no error for images.get of a missing image")
    except docker.errors.ImageNotFound:
        pass
    try:
        run(name=name("web"), command=["true"])
        raise AssertionError("no conflict for a taken name")
    except docker.errors.APIError as e:
        check(e.status_code == 409, "name conflict status %r" % e.status_code)
        check("is already in use" in e.explanation, "name conflict message %r" % e.explanation)
        print("  409:", e.explanation)
    try:
        run(name=name("port"), command=["sleep", "30"], ports={"80/tcp": ("127.0.0.1", port)})
        raise AssertionError("no error for a taken port")
    except docker.errors.APIError as e:
        # dockerd 28: a 500 with libnetwork's words inside the daemon's
        check(e.status_code == 500, "port taken status %r" % e.status_code)
        check(e.explanation.startswith("failed to set up container networking: driver failed programming external "
                                       "connectivity on endpoint %s (" % name("port")), "port taken: %r" % e.explanation)
        check(e.explanation.endswith("): Bind for 127.0.0.1:%d failed: port is already allocated" % port),
              "port taken message %r" % e.explanation)
        print("  %d: %s" % (e.status_code, e.explanation))
    try:
        hits = client.images.search("busybox")
        check(any(h["name"] == "busybox" for h in hits), "search results %r" % hits[:3])
        print("  images.search: %d results" % len(hits))
    except docker.errors.APIError as e:
        # Docker Hub unreachable (CI): dockerd's 500 with Go's words
        check(e.status_code == 500, "search status %r" % e.status_code)
        check(e.explanation.startswith('Get "https://index.docker.io/v1/search?q=busybox&n=25": '),
              "search error %r" % e.explanation)
        print("  images.search, index unreachable: %d %s" % (e.status_code, e.explanation))
    try:
        client.containers.get("no-such-container-" + PREFIX)
        raise AssertionError("no error for a missing container")
    except docker.errors.NotFound:
        pass


def step_container_ops(c):
    try:
        client.containers.run(IMAGE, ["sh", "-c", "echo boom >&2; exit 2"], name=name("fails"))
        raise AssertionError("no ContainerError for a non-zero exit")
    except docker.errors.ContainerError as e:
        check(e.exit_status == 2 and e.stderr == b"boom\n", "ContainerError %r %r" % (e.exit_status, e.stderr))
        print("  ContainerError: exit %d, stderr %r" % (e.exit_status, e.stderr))
    top = c.top()
    check(any("httpd" in " ".join(p) for p in top["Processes"]), "top %r" % top)
    c.exec_run(["touch", "/made-by-exec"])
    check({"Path": "/made-by-exec", "Kind": 1} in c.diff(), "diff %r" % c.diff())
    c.pause()
    c.reload()
    check(c.status == "paused", "pause: %s" % c.status)
    c.unpause()
    committed = c.commit(repository=name("committed"), tag="v1", changes=["ENV COMMITTED=1"])
    made_images.append(name("committed") + ":v1")
    check("COMMITTED=1" in committed.attrs["Config"]["Env"], "commit env %r" % committed.attrs["Config"]["Env"])
    print("  ContainerError, top, diff, pause/unpause, commit")


def build_context(dockerfile, files=None):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for fname, data in [("Dockerfile", dockerfile.encode())] + list((files or {}).items()):
            info = tarfile.TarInfo(fname)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    buf.seek(0)
    return buf


def step_build():
    tag = name("built") + ":v1"
    made_images.append(tag)
    # LABEL first: every intermediate image carries it, so cleanup finds them by it.
    ctx = build_context("FROM %s\nLABEL dev.berth.test=%s\nCOPY hello.txt /hello.txt\nRUN echo built > /built.txt\n"
                        "CMD [\"cat\", \"/hello.txt\"]\n" % (IMAGE, PREFIX),
                        {"hello.txt": b"hi from the build\n"})
    image, log = client.images.build(fileobj=ctx, custom_context=True, tag=tag, rm=True)
    log = list(log)
    streamed = "".join(entry.get("stream", "") for entry in log)
    check("Step 1/5" in streamed or "Step 1/5 :" in streamed, "build log %r" % streamed)
    check(tag in image.tags, "tags %r" % image.tags)
    check(image.labels.get("dev.berth.test") == PREFIX, "labels %r" % image.labels)
    out = client.containers.run(tag, remove=True)
    check(out == b"hi from the build\n", "built image output %r" % out)
    try:
        client.images.build(fileobj=build_context("FROM %s\nLABEL dev.berth.test=%s\nRUN echo failing; exit 3\n"
                                                  % (IMAGE, PREFIX)),
                            custom_context=True, tag=name("broken"), forcerm=True)
        raise AssertionError("no BuildError for a failing RUN")
    except docker.errors.BuildError as e:
        check("returned a non-zero code: 3" in e.msg, "BuildError message %r" % e.msg)
        print("  BuildError:", e.msg)
    print("  images.build %s: %d log entries, runs" % (tag, len(log)))
    return image


def step_registry(image):
    repo = REGISTRY + "/" + PREFIX + "/busybox"
    check(image.tag(repo, "v1"), "tag for the registry")
    made_images.append(repo + ":v1")
    progress = list(client.images.push(repo, tag="v1", stream=True, decode=True))
    errors = [p for p in progress if "error" in p]
    check(not errors, "push errors %r" % errors)
    check(any("Digest" in p.get("aux", {}) for p in progress), "push aux digest %r" % progress[-3:])
    data = client.images.get_registry_data(repo + ":v1")
    check(data.id.startswith("sha256:"), "registry data id %r" % data.id)
    check(data.has_platform("linux/" + client.info()["Architecture"].replace("x86_64", "amd64")
                            .replace("aarch64", "arm64")), "registry platforms %r" % data.attrs)
    client.images.remove(repo + ":v1")
    pulled = client.images.pull(repo, tag="v1")
    check(pulled.id == image.id, "pulled id %s != %s" % (pulled.id, image.id))
    check(any(d.startswith(repo + "@sha256:") for d in pulled.attrs["RepoDigests"]), "repo digests")
    try:
        client.images.pull(repo, tag="nope")
        raise AssertionError("no error for a missing tag")
    except docker.errors.NotFound as e:
        print("  pull of a missing tag:", e.explanation)
    print("  push, get_registry_data (%s), pull %s" % (data.id[:19], repo + ":v1"))


def step_save_load(image):
    tag = image.tags[0]
    blob = b"".join(image.save(named=True))
    check(len(blob) > 1024, "save size %d" % len(blob))
    client.images.remove(tag, force=True)
    loaded = client.images.load(blob)
    check(any(tag in i.tags for i in loaded), "loaded %r" % [i.tags for i in loaded])
    print("  save %d bytes, load -> %s" % (len(blob), tag))


def step_networks_volumes(web):
    net = client.networks.create(name("net"), driver="bridge", labels={"dev.berth.test": PREFIX})
    made_networks.append(net.id)
    net.connect(web, aliases=["webalias"])
    net.reload()
    check(any(c.id == web.id for c in net.containers), "network containers %r" % net.containers)
    out = client.containers.run(IMAGE, ["busybox", "wget", "-q", "-O-", "http://webalias:8080/g"],
                                network=net.name, remove=True)
    check(out == b"hello\n", "alias reach %r" % out)
    net.disconnect(web)
    vol = client.volumes.create(name("spare"), labels={"dev.berth.test": PREFIX})
    made_volumes.append(vol.name)
    check(vol.attrs["Labels"] == {"dev.berth.test": PREFIX}, "volume labels %r" % vol.attrs)
    # API >= 1.42 prunes anonymous volumes only unless all=true, as dockerd
    kept = client.volumes.prune(filters={"label": "dev.berth.test=" + PREFIX})
    check(vol.name not in (kept.get("VolumesDeleted") or []), "named volume pruned without all: %r" % kept)
    pruned = client.volumes.prune(filters={"label": "dev.berth.test=" + PREFIX, "all": "true"})
    check(vol.name in (pruned.get("VolumesDeleted") or []), "volumes prune %r" % pruned)
    net.remove()
    net2 = client.networks.create(name("net2"), labels={"dev.berth.test": PREFIX})
    made_networks.append(net2.id)
    pruned = client.networks.prune(filters={"label": "dev.berth.test=" + PREFIX})
    check(name("net2") in (pruned.get("NetworksDeleted") or []), "networks prune %r" % pruned)
    print("  network create/connect (alias reached)/disconnect/prune, volume create/prune")


def step_events():
    since = int(time.time()) - 1
    got = []

    def reader():
        for ev in client.events(decode=True, since=since, until=int(time.time()) + 8,
                                filters={"type": "container", "event": "die", "label": "dev.berth.ev=" + PREFIX}):
            got.append(ev)

    t = threading.Thread(target=reader)
    t.start()
    client.containers.run(IMAGE, ["true"], labels={"dev.berth.ev": PREFIX}, remove=True, name=name("ev"))
    client.containers.run(IMAGE, ["true"], remove=True)  # filtered out: no label
    t.join(30)
    check(not t.is_alive(), "events did not end at until")
    check(len(got) == 1, "events %r" % got)
    check(got[0]["Action"] == "die" and got[0]["Actor"]["Attributes"]["name"] == name("ev"), "event %r" % got[0])
    print("  events(decode=True) with type/event/label filters: 1 die event, ended at until")


def step_df():
    df = client.df()
    for key in ("LayersSize", "Images", "Containers", "Volumes", "BuildCache"):
        check(key in df, "df has no %s: %r" % (key, list(df)))
    check(any(PREFIX + "-web" in "".join(c["Names"]) for c in df["Containers"]), "df containers")
    print("  df: %d images, %d containers, %d volumes" % (len(df["Images"]), len(df["Containers"]),
                                                         len(df["Volumes"])))


def cleanup():
    # By name too: a container whose start failed (the taken port) was made but never returned.
    for c in client.containers.list(all=True, filters={"name": PREFIX + "-"}):
        if c.name.startswith(PREFIX + "-") and c.id not in made_containers:
            made_containers.append(c.id)
    for cid in made_containers:
        try:
            client.api.remove_container(cid, force=True, v=True)
        except docker.errors.NotFound:
            pass
    for nid in made_networks:
        try:
            client.api.remove_network(nid)
        except docker.errors.NotFound:
            pass
    for vol in made_volumes:
        try:
            client.api.remove_volume(vol, force=True)
        except docker.errors.NotFound:
            pass
    for img in made_images:
        try:
            client.images.remove(img, force=True)
        except docker.errors.NotFound:
            pass
    client.images.prune(filters={"dangling": True, "label": "dev.berth.test=" + PREFIX})


def main():
    current = "connect"
    try:
        check(client.ping(), "ping")
        print("docker-py %s, server %s, API %s" % (docker.__version__, client.version()["Version"],
                                                  client.api.api_version))
        current = "containers.run"
        web, port = step_run_detached()
        current = "exec_run"
        step_exec(web)
        current = "put_archive/get_archive"
        step_archive(web)
        current = "logs/stats"
        step_logs_stats(web)
        current = "container operations"
        step_container_ops(web)
        current = "wait/auto_remove"
        step_wait_autoremove()
        current = "errors"
        step_errors(port)
        current = "images.build"
        image = step_build()
        current = "push/pull"
        step_registry(image)
        current = "save/load"
        step_save_load(image)
        current = "networks/volumes"
        step_networks_volumes(web)
        current = "events"
        step_events()
        current = "df"
        step_df()
        current = "cleanup"
        cleanup()
    except Exception:
        print("FAILED at step '%s':" % current)
        traceback.print_exc(file=sys.stdout)
        try:
            cleanup()
        except Exception as e:
            print("cleanup failed too:", e)
        sys.exit(1)
    print("OK: every docker-py check passed")


if __name__ == "__main__":
    main()
