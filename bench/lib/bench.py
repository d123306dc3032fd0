#!/usr/bin/env python3
"""Measurement helpers for bench/compare: the Docker Engine API over a unix socket, CLI timing,
process memory. Standard library only. Each subcommand prints one JSON object on stdout.

Not a test and not part of the Maven build: bench/compare calls it phase by phase.
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse


class UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP/1.1 over a unix socket; keep-alive as long as the server allows it."""

    def __init__(self, path, timeout=120):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.unix_path)
        self.sock = s


class Api:
    """One keep-alive connection to an engine."""

    def __init__(self, sock):
        self.sock = sock
        self.conn = UnixHTTPConnection(sock)

    def call(self, method, path, body=None):
        headers = {"Host": "docker"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                payload = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                return resp.status, payload
            except (ConnectionError, http.client.HTTPException, socket.timeout):
                self.conn.close()
                self.conn = UnixHTTPConnection(self.sock)
                if attempt == 2:
                    raise

    def ok(self, method, path, body=None, expect=(200, 201, 204, 304)):
        status, payload = self.call(method, path, body)
        if status not in expect:
            raise RuntimeError(f"{method} {path} -> {status}: {payload[:300]!r}")
        return json.loads(payload) if payload and payload[:1] in (b"{", b"[") else None

    def close(self):
        self.conn.close()


def create_body(image, cmd, network):
    body = {"Image": image, "Cmd": cmd, "AttachStdout": False, "AttachStderr": False,
            "HostConfig": {}}
    if network:
        body["HostConfig"]["NetworkMode"] = network
    return body


def parallel(total, clients, sock, work):
    """Runs work(api, i) for i in range(total) on `clients` threads, each with its own connection.
    Returns elapsed seconds."""
    lock = threading.Lock()
    counter = [0]
    errors = []

    def worker():
        api = Api(sock)
        try:
            while True:
                with lock:
                    i = counter[0]
                    counter[0] += 1
                if i >= total or errors:
                    return
                try:
                    work(api, i)
                except Exception as e:  # noqa: BLE001 - reported below
                    errors.append(e)
                    return
        finally:
            api.close()

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise errors[0]
    return elapsed


def cmd_create(a):
    """Creates (and with --start starts) N containers named PREFIX-i with C parallel clients."""
    cmd = a.cmd.split() if a.cmd else ["true"]

    def work(api, i):
        name = urllib.parse.quote(f"{a.prefix}-{i}")
        created = api.ok("POST", f"/containers/create?name={name}", create_body(a.image, cmd, a.network))
        if a.start:
            api.ok("POST", f"/containers/{created['Id']}/start")

    elapsed = parallel(a.n, a.clients, a.sock, work)
    return {"n": a.n, "clients": a.clients, "seconds": elapsed, "per_second": a.n / elapsed}


def cmd_rm(a):
    """Force-removes every container whose name starts with PREFIX (all containers without it)."""
    api = Api(a.sock)
    items = api.ok("GET", "/containers/json?all=1")
    api.close()
    ids = [c["Id"] for c in items
           if not a.prefix or any(n.lstrip("/").startswith(a.prefix) for n in c.get("Names") or [])]
    elapsed = parallel(len(ids), a.clients, a.sock,
                       lambda api, i: api.ok("DELETE", f"/containers/{ids[i]}?force=1&v=1", expect=(204, 404)))
    return {"removed": len(ids), "seconds": elapsed}


def percentile(sorted_values, p):
    """Nearest-rank percentile, as bench/run-latency computes it."""
    n = len(sorted_values)
    k = max(1, -(-n * p // 100))  # ceil(n*p/100)
    return sorted_values[int(k) - 1]


def summary_ms(samples):
    s = sorted(samples)
    return {"n": len(s), "p50": percentile(s, 50), "p90": percentile(s, 90), "min": s[0], "max": s[-1],
            "mean": statistics.fmean(s)}


def argv_for(a, run):
    """With --index, "{i}" in the command's arguments becomes the run's number (warm-up runs: w1, w2,
    …), so that each run can name something fresh, e.g. a new volume."""
    if not a.index:
        return a.argv
    return [x.replace("{i}", str(run)) for x in a.argv]


def cmd_cli(a):
    if a.sock2:
        return cmd_cli_pair(a)
    return cmd_cli_one(a)


def cmd_cli_pair(a):
    """The same command against two engines, alternating run by run, so that load from other work on
    the machine falls on both alike. Returns {"a": summary for sock, "b": summary for sock2}."""
    envs = [dict(os.environ, DOCKER_HOST=f"unix://{s}") for s in (a.sock, a.sock2)]
    for env in envs:
        for w in range(a.warmup):
            subprocess.run(argv_for(a, f"w{w + 1}"), env=env, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    samples = [[], []]
    lines = [0, 0]
    for i in range(a.repeat):
        for j in ((0, 1) if i % 2 == 0 else (1, 0)):
            argv = argv_for(a, i + 1)
            t0 = time.perf_counter()
            r = subprocess.run(argv, env=envs[j], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            samples[j].append((time.perf_counter() - t0) * 1000)
            if r.returncode != 0:
                raise RuntimeError(f"{' '.join(argv)} exited {r.returncode}: {r.stderr[:300]!r}")
            lines[j] = len(r.stdout.splitlines())
    out = {}
    for j, k in enumerate(("a", "b")):
        out[k] = summary_ms(samples[j])
        out[k]["lines"] = lines[j]
    return out


def cmd_cli_one(a):
    """Times a command (the docker CLI) R times after W warm-up runs; milliseconds."""
    env = dict(os.environ, DOCKER_HOST=f"unix://{a.sock}")
    for w in range(a.warmup):
        subprocess.run(argv_for(a, f"w{w + 1}"), env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    samples = []
    out = b""
    cpu0 = cpu_ms(a.pid, a.child_comm) if a.pid else 0
    for i in range(a.repeat):
        argv = argv_for(a, i + 1)
        t0 = time.perf_counter()
        r = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        samples.append((time.perf_counter() - t0) * 1000)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} exited {r.returncode}: {r.stderr[:300]!r}")
        out = r.stdout
    res = summary_ms(samples)
    res["lines"] = len(out.splitlines())
    if a.pid:  # the daemon's CPU over all timed runs, per run
        res["cpu_ms"] = (cpu_ms(a.pid, a.child_comm) - cpu0) / a.repeat
    if a.keep_output:
        res["output"] = out.decode(errors="replace")[-8000:]
    return res


def cmd_api(a):
    """Latency of one request repeated R times over one keep-alive connection; milliseconds."""
    api = Api(a.sock)
    for _ in range(a.warmup):
        api.ok(a.method, a.path)
    samples = []
    size = 0
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        status, payload = api.call(a.method, a.path)
        samples.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise RuntimeError(f"{a.path} -> {status}")
        size = len(payload)
    api.close()
    res = summary_ms(samples)
    res["bytes"] = size
    return res


def cmd_rps(a):
    """Requests/s of GET PATH over ONE keep-alive connection, driven by curl's URL globbing, or with
    --client by bench/lib/httpc (a minimal C client: curl spends ~2/3 of a _ping round trip in its own
    CPU on this VM, bench/README). Checks that the client really made one connection.

    With --sock2 (and --pid2/--child-comm2) two engines are measured round by round, alternating
    which goes first, so that load from other work on the machine falls on both alike; returns
    {"a": summary for sock, "b": summary for sock2}. With --pin-cpu K each engine also gets as many
    rounds with curl and all the daemon's threads (and its --child-comm processes') on CPU K only,
    their affinity restored after each round: one request then costs client + kernel + server on one
    CPU, without the cross-CPU wake-up that a free-running ping-pong pays whenever the scheduler puts
    the two ends on different CPUs (on a VM, 3-4x fewer req/s and more CPU per request, for a C server
    as for berthd). Reported beside, as same_cpu_*; the free-running figures stay the main ones."""
    sep = "&" if "?" in a.path else "?"
    engines = [(a.sock, a.pid, a.child_comm)]
    if a.sock2:
        engines.append((a.sock2, a.pid2, a.child_comm2))

    def run(sock, n, cpu=None):
        pin = (lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None
        if a.client:  # bench/lib/httpc: times itself, one connection by construction
            r = subprocess.run([a.client, sock, a.path, str(n)], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=pin)
            if r.returncode != 0:
                raise RuntimeError(f"{a.client} {a.path}: {r.stderr.decode().strip()}")
            elapsed, connects = r.stdout.decode().split()
            return float(elapsed), int(connects)
        url = f"http://docker{a.path}{sep}bench=[1-{n}]"
        argv = ["curl", "-s", "--unix-socket", sock,
                "-w", "%{stderr}%{num_connects} %{http_code}\n", url]
        t0 = time.perf_counter()
        r = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=pin)
        elapsed = time.perf_counter() - t0
        lines = r.stderr.decode().split()
        connects = sum(int(x) for x in lines[0::2])
        codes = set(lines[1::2])
        if r.returncode != 0 or codes != {"200"}:
            raise RuntimeError(f"curl {url}: rc={r.returncode} codes={codes}")
        return elapsed, connects

    def round_of(j, cpu=None):
        sock, pids, comms = engines[j]
        saved = pin_daemon(pids, comms, cpu) if cpu is not None else None
        try:
            cpu0 = cpu_ms(pids, comms) if pids else 0
            elapsed, connects = run(sock, a.n, cpu)
            used = cpu_ms(pids, comms) - cpu0 if pids else 0
        finally:
            if saved is not None:
                unpin_daemon(saved)
        return {"rps": a.n / elapsed, "n": a.n, "seconds": elapsed, "connections": connects}, used

    for sock, _, _ in engines:
        run(sock, min(200, a.n))  # warm-up
    modes = [("", None)] + ([("same_cpu_", a.pin_cpu)] if a.pin_cpu is not None else [])
    out = [{} for _ in engines]
    for prefix, cpu in modes:
        best, used, rounds = [None] * len(engines), [0.0] * len(engines), [[] for _ in engines]
        for i in range(a.rounds):
            for j in (range(len(engines)) if i % 2 == 0 else reversed(range(len(engines)))):
                r, u = round_of(j, cpu)
                used[j] += u
                rounds[j].append(round(r["rps"]))
                if best[j] is None or r["rps"] > best[j]["rps"]:
                    best[j] = r
        for j, (_, pids, _) in enumerate(engines):
            out[j].update({prefix + k: v for k, v in best[j].items()})
            out[j][prefix + "rounds_rps"] = rounds[j]
            if pids:  # the daemon's CPU per request over all measured rounds
                out[j][prefix + "cpu_us_per_request"] = used[j] * 1000 / (a.n * a.rounds)
    return {"a": out[0], "b": out[1]} if a.sock2 else out[0]


def pin_daemon(pids, comms, cpu):
    """Sets every thread of the processes (and of their children named in comms) to CPU cpu only;
    returns what to give back to unpin_daemon."""
    pids = set(pids or [])
    if comms:
        pids |= {pid for pid, comm, ppid, _ in all_procs() if ppid in pids and comm in comms}
    saved = {}
    for pid in pids:
        try:
            whole = os.sched_getaffinity(pid)
        except OSError:
            continue
        masks = {}
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                masks[int(tid)] = os.sched_getaffinity(int(tid))
                os.sched_setaffinity(int(tid), {cpu})
            except OSError:
                pass  # the thread ended
        saved[pid] = (whole, masks)
    return saved


def unpin_daemon(saved):
    """Gives each thread its own affinity back; threads made meanwhile get their process's."""
    for pid, (whole, masks) in saved.items():
        try:
            tids = [int(t) for t in os.listdir(f"/proc/{pid}/task")]
        except OSError:
            continue
        for tid in tids:
            try:
                os.sched_setaffinity(tid, masks.get(tid, whole))
            except OSError:
                pass


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_ms(pids, child_comms=()):
    """User+system CPU of the given processes and of their children named in child_comms, in ms."""
    pids = set(pids or [])
    if child_comms:
        pids |= {pid for pid, comm, ppid, _ in all_procs() if ppid in pids and comm in child_comms}
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, ValueError, IndexError):
            pass
    return total * 1000 / CLK_TCK


def cmd_wait_ready(a):
    """Polls GET /containers/json?all=1 until it answers 200; time since --t0-ns (date +%s%N)."""
    deadline = time.time() + a.timeout
    while time.time() < deadline:
        try:
            api = Api(a.sock)
            status, payload = api.call("GET", "/containers/json?all=1")
            api.close()
            if status == 200:
                now_ns = time.time_ns()
                out = {"ms": (now_ns - a.t0_ns) / 1e6, "containers": len(json.loads(payload))}
                if a.pid:
                    out["cpu_ms"] = cpu_ms(a.pid, a.child_comm)
                return out
        except (OSError, http.client.HTTPException):
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{a.sock} not ready after {a.timeout}s")


def proc_mem(pid):
    """RSS and PSS of one process in KiB (PSS from smaps_rollup; 0 if unreadable)."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def all_procs():
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            yield int(d), comm, ppid, [x.decode(errors="replace") for x in argv if x]
        except (OSError, ValueError):
            continue


def cmd_mem(a):
    """Memory of an engine: daemon processes (given pids, plus children named --child-comm) and
    helpers (processes named --helper-comm whose command line contains --helper-match)."""
    procs = list(all_procs())
    daemon = set(a.pid)
    for pid, comm, ppid, _ in procs:
        if ppid in a.pid and comm in (a.child_comm or []):
            daemon.add(pid)
    helpers = [pid for pid, comm, _, argv in procs
               if comm in (a.helper_comm or []) and any(a.helper_match in x for x in argv)]
    d = [proc_mem(p) for p in daemon]
    h = [proc_mem(p) for p in helpers]
    return {"daemon_pids": sorted(daemon), "daemon_rss_kib": sum(x[0] for x in d),
            "daemon_pss_kib": sum(x[1] for x in d), "helpers": len(helpers),
            "helpers_rss_kib": sum(x[0] for x in h), "helpers_pss_kib": sum(x[1] for x in h)}


def cmd_running(a):
    """Waits until N containers are running (GET /containers/json)."""
    api = Api(a.sock)
    deadline = time.time() + a.timeout
    n = -1
    while time.time() < deadline:
        n = len(api.ok("GET", "/containers/json"))
        if n >= a.n:
            return {"running": n}
        time.sleep(0.2)
    raise RuntimeError(f"only {n} of {a.n} running")


def cmd_health_cpu(a):
    """Daemon CPU per health probe: the daemon's CPU over --seconds while CONTAINER (a 1 s check) probes,
    minus its CPU over the same time before (idle), divided by the probes counted in between (each
    result's Start, read from inspect's last-five log every 2 s)."""
    api = Api(a.sock)
    path = f"/containers/{a.container}/json"
    c0 = cpu_ms(a.pid, a.child_comm)
    time.sleep(a.seconds)
    idle = cpu_ms(a.pid, a.child_comm) - c0
    api.ok("POST", f"/containers/{a.container}/start")
    time.sleep(3)

    def starts():
        log = ((api.ok("GET", path).get("State") or {}).get("Health") or {}).get("Log") or []
        return {e["Start"] for e in log}
    before = starts()  # probes that ran before the window are not counted
    seen = set()
    c0 = cpu_ms(a.pid, a.child_comm)
    end = time.time() + a.seconds
    while time.time() < end:
        time.sleep(2)
        seen |= starts() - before
    busy = cpu_ms(a.pid, a.child_comm) - c0
    if not seen:
        raise RuntimeError("no health probe ran")
    return {"probes": len(seen), "idle_cpu_ms": idle, "busy_cpu_ms": busy,
            "cpu_ms_per_probe": max(0.0, busy - idle) / len(seen)}


def cmd_mkimage(a):
    """Writes a docker-archive (`docker save` format: manifest.json, config, one directory per layer)
    of an image whose every layer is one file of incompressible random bytes, so that gzip on push
    cannot shrink it and both engines move the same bytes. Loaded into both engines it is the same
    image (same config blob, hence the same ID)."""
    import hashlib
    import io
    import tarfile

    def member(name, size=0, kind=tarfile.REGTYPE, mode=0o644):
        ti = tarfile.TarInfo(name)
        ti.size, ti.type, ti.mode, ti.mtime = size, kind, mode, 1_700_000_000
        return ti

    layers, diff_ids, layer_bytes = [], [], 0
    with tarfile.open(a.out, "w", format=tarfile.PAX_FORMAT) as out:
        for i in range(1, a.layers + 1):
            buf = io.BytesIO()
            with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as lt:
                lt.addfile(member("bench/", kind=tarfile.DIRTYPE, mode=0o755))
                lt.addfile(member(f"bench/layer{i}", a.layer_bytes), io.BytesIO(os.urandom(a.layer_bytes)))
            data = buf.getvalue()
            digest = hashlib.sha256(data).hexdigest()
            diff_ids.append("sha256:" + digest)
            layer_bytes += len(data)
            out.addfile(member(f"{digest}/", kind=tarfile.DIRTYPE, mode=0o755))
            out.addfile(member(f"{digest}/layer.tar", len(data)), io.BytesIO(data))
            layers.append(f"{digest}/layer.tar")
        arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)
        created = "2023-11-14T22:13:20Z"
        config = json.dumps({
            "architecture": arch, "os": "linux", "created": created,
            "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                       "Cmd": ["sh"]},
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": [{"created": created, "created_by": f"bench/lib/bench.py mkimage: layer {i + 1}"}
                        for i in range(a.layers)],
        }, separators=(",", ":")).encode()
        config_id = hashlib.sha256(config).hexdigest()
        out.addfile(member(f"{config_id}.json", len(config)), io.BytesIO(config))
        manifest = json.dumps([{"Config": f"{config_id}.json", "RepoTags": [a.tag], "Layers": layers}]).encode()
        out.addfile(member("manifest.json", len(manifest)), io.BytesIO(manifest))
    return {"id": "sha256:" + config_id, "tag": a.tag, "layers": a.layers, "layer_bytes": layer_bytes,
            "archive_bytes": os.path.getsize(a.out)}


def cmd_manifest(a):
    """What a push put in the registry: the manifest's media types and the bytes of its blobs (the
    bytes a pull downloads; a push uploads the same unless the blob was there already)."""
    import urllib.request
    accept = ", ".join(["application/vnd.docker.distribution.manifest.v2+json",
                        "application/vnd.oci.image.manifest.v1+json"])
    req = urllib.request.Request(f"http://{a.registry}/v2/{a.repo}/manifests/{a.tag}", headers={"Accept": accept})
    with urllib.request.urlopen(req, timeout=30) as r:
        m = json.loads(r.read())
    layers = m.get("layers") or []
    return {"media_type": m.get("mediaType"), "layer_media_types": sorted({l.get("mediaType") for l in layers}),
            "layers": len(layers), "layer_bytes": sum(l.get("size", 0) for l in layers),
            "config_bytes": (m.get("config") or {}).get("size", 0)}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd_name", required=True)

    s = sub.add_parser("create"); s.set_defaults(f=cmd_create)
    s.add_argument("sock"); s.add_argument("image"); s.add_argument("--n", type=int, required=True)
    s.add_argument("--clients", type=int, default=1); s.add_argument("--prefix", required=True)
    s.add_argument("--start", action="store_true"); s.add_argument("--cmd", default="true")
    s.add_argument("--network", default="none")

    s = sub.add_parser("rm"); s.set_defaults(f=cmd_rm)
    s.add_argument("sock"); s.add_argument("--prefix", default="")
    s.add_argument("--clients", type=int, default=4)

    s = sub.add_parser("cli"); s.set_defaults(f=cmd_cli)
    s.add_argument("sock"); s.add_argument("--repeat", type=int, default=5)
    s.add_argument("--warmup", type=int, default=1); s.add_argument("--sock2")
    s.add_argument("--pid", type=int, action="append"); s.add_argument("--child-comm", action="append")
    s.add_argument("--keep-output", action="store_true")
    s.add_argument("--index", action="store_true", help='replace "{i}" in the command with the run number')

    s = sub.add_parser("mkimage"); s.set_defaults(f=cmd_mkimage)
    s.add_argument("out"); s.add_argument("--tag", required=True)
    s.add_argument("--layers", type=int, default=5); s.add_argument("--layer-bytes", type=int, default=40_000_000)

    s = sub.add_parser("manifest"); s.set_defaults(f=cmd_manifest)
    s.add_argument("registry"); s.add_argument("repo"); s.add_argument("--tag", default="latest")

    s = sub.add_parser("free-port"); s.set_defaults(f=lambda a: {"port": free_port()})

    s = sub.add_parser("api"); s.set_defaults(f=cmd_api)
    s.add_argument("sock"); s.add_argument("path"); s.add_argument("--method", default="GET")
    s.add_argument("--repeat", type=int, default=20); s.add_argument("--warmup", type=int, default=3)

    s = sub.add_parser("rps"); s.set_defaults(f=cmd_rps)
    s.add_argument("sock"); s.add_argument("path"); s.add_argument("--n", type=int, default=3000)
    s.add_argument("--rounds", type=int, default=3)
    s.add_argument("--pid", type=int, action="append"); s.add_argument("--child-comm", action="append")
    s.add_argument("--sock2"); s.add_argument("--pid2", type=int, action="append")
    s.add_argument("--child-comm2", action="append"); s.add_argument("--pin-cpu", type=int)
    s.add_argument("--client", help="bench/lib/httpc compiled: the client instead of curl")

    s = sub.add_parser("wait-ready"); s.set_defaults(f=cmd_wait_ready)
    s.add_argument("sock"); s.add_argument("--t0-ns", type=int, required=True)
    s.add_argument("--timeout", type=float, default=300)
    s.add_argument("--pid", type=int, action="append"); s.add_argument("--child-comm", action="append")

    s = sub.add_parser("mem"); s.set_defaults(f=cmd_mem)
    s.add_argument("--pid", type=int, action="append", required=True)
    s.add_argument("--child-comm", action="append")
    s.add_argument("--helper-comm", action="append"); s.add_argument("--helper-match", default="\0")

    s = sub.add_parser("health-cpu"); s.set_defaults(f=cmd_health_cpu)
    s.add_argument("sock"); s.add_argument("container"); s.add_argument("--seconds", type=float, default=30)
    s.add_argument("--pid", type=int, action="append"); s.add_argument("--child-comm", action="append")

    s = sub.add_parser("running"); s.set_defaults(f=cmd_running)
    s.add_argument("sock"); s.add_argument("--n", type=int, required=True)
    s.add_argument("--timeout", type=float, default=120)

    args = sys.argv[1:]
    command = []
    if "--" in args:  # cli: everything after -- is the command to time
        i = args.index("--")
        args, command = args[:i], args[i + 1:]
    a = p.parse_args(args)
    a.argv = command
    try:
        print(json.dumps(a.f(a)))
    except Exception as e:  # noqa: BLE001 - the caller records the failure as a cell
        print(json.dumps({"error": str(e)[:300]}))
        sys.exit(1)


if __name__ == "__main__":
    main()
