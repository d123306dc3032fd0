#!/usr/bin/env python3
"""Builds bench/compare's table from the per-measurement JSON files and, with --results, puts it
at the top of bench/RESULTS.md (earlier results stay below)."""
import argparse
import json
import os
import statistics

NA = "n/a (not implemented)"


def load(res, key, engine):
    try:
        with open(os.path.join(res, f"{key}.{engine}.json")) as f:
            return json.loads(f.read() or "{}")
    except (OSError, ValueError):
        return None


def registry_note(a, meta, info, load):
    """Footnote 6: the registry, the image, the bytes on the wire and what the CLI reported."""
    def count(text, what):
        return sum(1 for line in (text or "").splitlines() if what in line)

    def said(key, engine, kinds):
        parts = []
        for r in range(1, a.reg_rounds + 1):
            d = load(a.res, f"{key}{r}", engine) or {}
            out = d.get("output")
            if out is None:
                parts.append("error" if "error" in d else "?")
                continue
            parts.append(", ".join(f"{n} {k}" for k in kinds if (n := count(out, k))) or "?")
        return " / ".join(parts)

    def wire(engine):
        d = load(a.res, "wire1", engine) or {}
        if "layer_bytes" not in d:
            return f"{engine}'s push: ?"
        mts = ", ".join(f"`{t}`" for t in d.get("layer_media_types") or [])
        return (f"{engine}'s push: {d['layers']} layers, {d['layer_bytes'] / 1e6:,.1f} MB "
                f"(+ {d.get('config_bytes', 0):,} B config), {mts}")

    push_kinds = ("Pushed", "Mounted from", "Layer already exists")
    pull_kinds = ("Pull complete", "Already exists")
    return (
        f"⁶ Registry: {meta.get('registry') or 'docker-registry'} (Debian's `docker-registry`) on 127.0.0.1, "
        f"filesystem storage under the work dir, a fresh empty one for each of the {a.reg_rounds} round(s); "
        "engine order alternates round by round; each figure is the median over the rounds. Image: "
        f"{info.get('layers')} layers, each one file of random (incompressible) bytes, "
        f"{info.get('layer_bytes', 0) / 1e6:,.1f} MB of layer tars, written as a docker-archive by "
        f"`bench/lib/bench.py mkimage` and `docker load`ed into both engines (same image ID, "
        f"`{str(info.get('id', '?'))[:19]}…`). MB/s = those {info.get('layer_bytes', 0) / 1e6:,.1f} MB / the "
        "CLI's wall time from start to exit. Push: each engine to its own new repository "
        "(`bench/berthd-N`, `bench/dockerd-N`). Pull: the same repository into both engines, each after "
        "`rmi -f` of the image by ID (every tag), so every layer downloads. Bytes on the wire (the pushed "
        f"manifest's blobs, round 1): {wire('dockerd')} — dockerd gzips each layer on push; {wire('berthd')}. "
        "Random data does not compress, so the sizes are close; dockerd's pull of its own push gunzips, "
        f"its push spends CPU on gzip. The CLI said — push: berthd {said('push', 'berthd', push_kinds)}; "
        f"dockerd {said('push', 'dockerd', push_kinds)}; pull of dockerd's push: berthd "
        f"{said('pull_dockerd', 'berthd', pull_kinds)}, dockerd {said('pull_dockerd', 'dockerd', pull_kinds)}; "
        f"pull of berthd's push: berthd {said('pull_berthd', 'berthd', pull_kinds)}, dockerd "
        f"{said('pull_berthd', 'dockerd', pull_kinds)}."
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--res", required=True)
    p.add_argument("--meta", required=True)
    p.add_argument("--restarts", type=int, default=1)
    p.add_argument("--reg-rounds", type=int, default=0)
    p.add_argument("--results")
    a = p.parse_args()

    meta = {}
    with open(a.meta) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                meta[k] = v
    counts = dict(kv.split("=") for kv in meta.get("counts", "").split())
    few, many, running = counts.get("few", "100"), counts.get("many", "1000"), counts.get("running", "50")
    thr_n, runs = counts.get("throughput_n", "40"), counts.get("runs", "20")
    file_mb = int(counts.get("file_bytes", "100000000")) / 1e6

    def get(key, engine, field, scale=1.0):
        d = load(a.res, key, engine)
        if d is None:
            return None
        if "error" in d:
            return "error: " + d["error"][:60]
        if "not_implemented" in d:  # berthd refused it as "… is not supported by Berth yet"
            return NA
        v = d.get(field)
        return None if v is None else v * scale

    def restart(engine):
        vals = [get(f"restart{i}", engine, "ms") for i in range(1, a.restarts + 1)]
        vals = [v for v in vals if isinstance(v, (int, float))]
        return statistics.median(vals) / 1000 if vals else None

    def restart_cpu(engine):
        vals = [get(f"restart{i}", engine, "cpu_ms") for i in range(1, a.restarts + 1)]
        vals = [v for v in vals if isinstance(v, (int, float))]
        return statistics.median(vals) / 1000 if vals else None

    def restart_count(engine):
        d = load(a.res, f"restart{a.restarts}", engine) or {}
        return d.get("containers")

    mib = 1 / 1024

    def mem_total(key, engine, kind):
        d = get(key, engine, f"daemon_{kind}_kib")
        h = get(key, engine, f"helpers_{kind}_kib")
        if isinstance(d, (int, float)) and isinstance(h, (int, float)):
            return (d + h) * mib
        return None

    # (figure, berthd, dockerd, unit, decimals); a value may be a number, None (missing) or a string.
    rows = []

    def row(label, key, field, unit, dec=1, scale=1.0, berth=None, docker=None):
        b = berth if berth is not None else get(key, "berthd", field, scale)
        d = docker if docker is not None else get(key, "dockerd", field, scale)
        rows.append((label, b, d, unit, dec))

    row("`docker import` busybox tar (CLI)", "import", "p50", "ms", 0)
    row(f"`run --rm IMAGE true`, `--network none` on both: p50 ({runs} runs, CLI)", "run_none", "p50", "ms", 0)
    row("… p90", "run_none", "p90", "ms", 0)
    row("`run --rm IMAGE true`, default network¹: p50 (CLI)", "run_default", "p50", "ms", 0)
    row("… p90", "run_default", "p90", "ms", 0)
    row("`run --rm --init IMAGE true`, `--network none` on both: p50 (CLI)", "run_init", "p50", "ms", 0)
    row("… p90", "run_init", "p90", "ms", 0)
    row("`run --rm --runtime crun IMAGE true`, berthd; dockerd: its runc `run --rm IMAGE true`: p50 (CLI)",
        "run_crun", "p50", "ms", 0, docker=get("run_default", "dockerd", "p50", 1.0))
    row(f"create+start, 1 client ({thr_n} containers, API)", "thr1", "per_second", "containers/s", 1)
    row(f"create+start, 4 clients ({thr_n} containers, API)", "thr4", "per_second", "containers/s", 1)
    row(f"create (not started), 4 clients ({int(many) - int(few)} containers, API)", "create_many", "per_second",
        "containers/s", 1)
    row(f"`ps -a` at {few} containers: p50 (CLI)", "ps_few_cli", "p50", "ms", 0)
    row(f"`GET /containers/json?all=1` at {few}: p50 (API)", "ps_few_api", "p50", "ms", 1)
    row(f"`ps -a` at {many} containers: p50 (CLI)", "ps_many_cli", "p50", "ms", 0)
    row(f"`GET /containers/json?all=1` at {many}: p50 (API)", "ps_many_api", "p50", "ms", 1)
    row(f"`inspect` one container at {few}: p50 (CLI)", "inspect_cli", "p50", "ms", 0)
    row(f"`GET /containers/{{name}}/json` at {few}: p50 (API)", "inspect_api", "p50", "ms", 2)
    row(f"`berth ps -a` at {few}, berthd; dockerd column: `docker ps -a` on berthd: p50 (CLI)¹²", "cli_ps", "p50",
        "ms", 0)
    row("`berth inspect NAME`; dockerd column: `docker inspect NAME` on berthd: p50 (CLI)¹²", "cli_inspect", "p50",
        "ms", 0)
    row("`berth run --rm --network none IMAGE true`; dockerd column: the docker CLI's on berthd: p50 (CLI)¹²",
        "cli_run", "p50", "ms", 0)
    row("`GET /_ping`, one keep-alive connection", "ping_rps", "rps", "req/s", 0)
    row("… daemon CPU per `_ping`⁵", "ping_rps", "cpu_us_per_request", "µs", 1)
    row("… curl and the daemon pinned to one CPU¹³", "ping_rps", "same_cpu_rps", "req/s", 0)
    row("… daemon CPU per `_ping`, pinned⁵", "ping_rps", "same_cpu_cpu_us_per_request", "µs", 1)
    row("`GET /containers/json` (0 containers), one connection", "list_rps", "rps", "req/s", 0)
    row("… daemon CPU per request⁵", "list_rps", "cpu_us_per_request", "µs", 1)
    row("`GET /_ping`, one keep-alive connection, client `bench/lib/httpc`¹⁴", "ping_rps_c", "rps", "req/s", 0)
    row("… daemon CPU per `_ping`⁵", "ping_rps_c", "cpu_us_per_request", "µs", 1)
    row("… httpc and the daemon pinned to one CPU¹³", "ping_rps_c", "same_cpu_rps", "req/s", 0)
    row("`GET /containers/json` (0 containers), httpc¹⁴", "list_rps_c", "rps", "req/s", 0)
    row(f"`GET /containers/json?all=1` at {few}, one connection", "listall_rps", "rps", "req/s", 0)
    row("… daemon CPU per request⁵", "listall_rps", "cpu_us_per_request", "µs", 1)
    row(f"`GET /containers/json` (0 of {many} running), one connection", "list_many_rps", "rps", "req/s", 0)
    row("… daemon CPU per request⁵", "list_many_rps", "cpu_us_per_request", "µs", 1)
    row("memory idle: daemon RSS²", "mem_idle", "daemon_rss_kib", "MiB", 0, mib)
    row(f"memory, {running} running `sleep`: daemon RSS²", "mem_running", "daemon_rss_kib", "MiB", 0, mib)
    row(f"memory, {running} running: helpers RSS (conmon vs containerd-shim)³", "mem_running", "helpers_rss_kib",
        "MiB", 1, mib)
    row(f"memory, {running} running: daemon + helpers RSS", None, None, "MiB", 0,
        berth=mem_total("mem_running", "berthd", "rss"), docker=mem_total("mem_running", "dockerd", "rss"))
    row(f"memory, {running} running: daemon + helpers PSS⁴", None, None, "MiB", 0,
        berth=mem_total("mem_running", "berthd", "pss"), docker=mem_total("mem_running", "dockerd", "pss"))
    if running != "50":
        row("memory, 50 running: daemon + helpers PSS⁴ (issue #17's point)", None, None, "MiB", 0,
            berth=mem_total("mem_running50", "berthd", "pss"), docker=mem_total("mem_running50", "dockerd", "pss"))
    up = counts.get("up", "0")
    row(f"memory after restarts, {many} + {up} running containers: daemon RSS²", "mem_after_restart",
        "daemon_rss_kib", "MiB", 0, mib)
    row(f"daemon restart → first answered `GET /containers/json?all=1`, {many} + {up} running containers "
        f"(median of {a.restarts})", None, None, "s", 2, berth=restart("berthd"), docker=restart("dockerd"))
    row("… daemon CPU time until that answer⁵ (median)", None, None, "s", 2, berth=restart_cpu("berthd"),
        docker=restart_cpu("dockerd"))
    # Issue #10: exec, cp, stats; issue #9: volumes. CLI, engines alternating run by run.
    row(f"`exec CONTAINER true`: p50 ({counts.get('exec_runs', '?')} runs, CLI)⁷", "exec", "p50", "ms", 0)
    row("… p90", "exec", "p90", "ms", 0)
    row(f"`cp` of a {file_mb:.0f} MB file into a running container: p50 ({counts.get('cp_runs', '?')} runs, "
        "CLI, start to exit)⁷", "cp_in", "p50", "s", 2, 1 / 1000)
    row(f"`cp` of that {file_mb:.0f} MB file out of it: p50 (CLI)⁷", "cp_out", "p50", "s", 2, 1 / 1000)
    row(f"`stats --no-stream`, {running} running containers: p50 ({counts.get('stats_runs', '?')} runs, CLI)",
        "stats", "p50", "s", 2, 1 / 1000)
    row(f"container with a 1 s healthcheck (`--health-cmd true`): daemon CPU per probe "
        f"({counts.get('health_seconds', '?')} s window)⁵ ⁹", "health_cpu", "cpu_ms_per_probe", "ms", 2)
    row(f"`run --rm -v VOL:/data IMAGE true`, named volume: p50 ({runs} runs, CLI)⁸", "run_vol", "p50", "ms", 0)
    row("… p90", "run_vol", "p90", "ms", 0)
    row(f"… the volume a Docker plugin's (protocol bridge, stdlib python plugin): p50 ({runs} runs, CLI)⁸",
        "run_vol_plugin", "p50", "ms", 0)
    row(f"`run --rm -v NEW:/data` of an image with `VOLUME /data` holding {file_mb:.0f} MB: copy-up, to exit: "
        f"p50 ({counts.get('copyup_runs', '?')} runs, CLI)⁸", "copyup", "p50", "s", 2, 1 / 1000)

    row(f"`docker-compose up -d` then `down -v` of a 4-service project: p50 ({counts.get('compose_runs', '?')} "
        "cycles, wall)¹⁰", "compose", "p50", "s", 2, 1 / 1000)
    row("… daemon CPU time per cycle⁵", "compose", "cpu_ms", "s", 2, 1 / 1000)
    # Issue #13: the classic builder, cold and warm.
    build_files = counts.get("build_files", "?")
    row(f"`build --no-cache` of a 10-step, 2-stage Dockerfile with a COPY of {build_files} × 1 MB, the previous "
        f"result removed first: p50 ({counts.get('build_runs', '?')} runs, CLI)¹¹", "build_cold", "p50", "s", 2,
        1 / 1000)
    row("`build` of it again, every step cached: p50 (CLI)¹¹", "build_warm", "p50", "s", 2, 1 / 1000)

    # Registry phase (issue #3): medians over the rounds; MB/s over the image's uncompressed layer bytes.
    info = load(a.res, "bigimage", "info") or {}
    img_mb = info.get("layer_bytes", 0) / 1e6
    nlayers = info.get("layers", "?")

    def over_rounds(prefix, engine, field, scale=1.0):
        """Median over the rounds, or the first error, or None."""
        vals = [get(f"{prefix}{r}", engine, field, scale) for r in range(1, a.reg_rounds + 1)]
        nums = [v for v in vals if isinstance(v, (int, float))]
        if nums:
            return statistics.median(nums)
        errs = [v for v in vals if isinstance(v, str)]
        return errs[0] if errs else None

    def rate(prefix, engine):
        s_ = over_rounds(prefix, engine, "p50", 1 / 1000)
        return img_mb / s_ if isinstance(s_, (int, float)) and s_ > 0 and img_mb else s_

    def reg_rows(label, prefix):
        row(label, None, None, "MB/s", 1, berth=rate(prefix, "berthd"), docker=rate(prefix, "dockerd"))
        row("… seconds (CLI, start to exit)", None, None, "s", 2,
            berth=over_rounds(prefix, "berthd", "p50", 1 / 1000), docker=over_rounds(prefix, "dockerd", "p50", 1 / 1000))
        row("… daemon CPU time⁵", None, None, "s", 2, berth=over_rounds(prefix, "berthd", "cpu_ms", 1 / 1000),
            docker=over_rounds(prefix, "dockerd", "cpu_ms", 1 / 1000))

    if a.reg_rounds:
        row(f"`docker load` of that image's archive (~{img_mb:.0f} MB, {nlayers} layers)⁶", None, None, "s", 2,
            berth=over_rounds("load", "berthd", "p50", 1 / 1000), docker=over_rounds("load", "dockerd", "p50", 1 / 1000))
        reg_rows(f"push ~{img_mb:.0f} MB, {nlayers} layers (MB/s)⁶ — each engine to its own new repository", "push")
        reg_rows(f"pull ~{img_mb:.0f} MB, {nlayers} layers (MB/s)⁶ — the same repository: dockerd's push (gzip)",
                 "pull_dockerd")
        reg_rows(f"pull ~{img_mb:.0f} MB, {nlayers} layers (MB/s)⁶ — the same repository: berthd's push",
                 "pull_berthd")
    else:
        row("push / pull throughput", None, None, "", 0, berth="not measured (--skip-registry)",
            docker="not measured (--skip-registry)")

    def cell(v, unit, dec):
        if v is None:
            return "–"
        if isinstance(v, str):
            return v
        return f"{v:,.{dec}f} {unit}".strip()

    def ratio(b, d):
        if isinstance(b, (int, float)) and isinstance(d, (int, float)) and d:
            return f"{b / d:.2f}"
        return "n/a"

    lines = ["| figure | berthd | dockerd | ratio (berthd/dockerd) |", "|---|---:|---:|---:|"]
    for label, b, d, unit, dec in rows:
        lines.append(f"| {label} | {cell(b, unit, dec)} | {cell(d, unit, dec)} | {ratio(b, d)} |")
    table = "\n".join(lines)

    def num(key, engine, field):
        v = get(key, engine, field)
        return v if isinstance(v, (int, float)) else None

    def goal(name, b, d, test, target, key=None):
        if key and get(key, "berthd", "p50") == NA:
            return f"- {name}: berthd {NA}"
        if b is None or d is None:
            return f"- {name}: not measured"
        r = b / d if d else float("inf")
        return f"- {name}: {r:.2f} (goal {target}) — {'met' if test(r) else '**missed**'}"

    rb, rd = restart("berthd"), restart("dockerd")

    def reg_goal(name, prefix):
        b, d = rate(prefix, "berthd"), rate(prefix, "dockerd")
        if not isinstance(b, (int, float)) or not isinstance(d, (int, float)):
            return f"- {name}: not measured"
        r = b / d
        return f"- {name}: {r:.2f} (goal ≥ 1) — {'met' if r >= 1 else '**missed**'}"

    reg_goals = [] if not a.reg_rounds else [
        "",
        "Goals of issue #3 (MB/s ratios berthd/dockerd, same run):",
        "",
        reg_goal(f"push ~{img_mb:.0f} MB, {nlayers} layers", "push"),
        reg_goal(f"pull ~{img_mb:.0f} MB, {nlayers} layers (dockerd's push, gzip layers)", "pull_dockerd"),
        reg_goal(f"pull ~{img_mb:.0f} MB, {nlayers} layers (berthd's push)", "pull_berthd"),
    ]
    goals = [
        goal("run --rm p50 ratio (`--network none` on both)", num("run_none", "berthd", "p50"),
             num("run_none", "dockerd", "p50"), lambda r: r <= 0.8, "≤ 0.8"),
        goal(f"`ps -a` at {many} ratio (CLI)", num("ps_many_cli", "berthd", "p50"),
             num("ps_many_cli", "dockerd", "p50"), lambda r: r <= 0.5, "≤ 0.5"),
        goal(f"`GET /containers/json?all=1` at {many} ratio (API)", num("ps_many_api", "berthd", "p50"),
             num("ps_many_api", "dockerd", "p50"), lambda r: r <= 0.5, "≤ 0.5"),
        goal("`_ping` rps ratio", num("ping_rps", "berthd", "rps"), num("ping_rps", "dockerd", "rps"),
             lambda r: r >= 2, "≥ 2"),
        goal("`_ping` rps ratio, client httpc¹⁴ (issue #17)", num("ping_rps_c", "berthd", "rps"),
             num("ping_rps_c", "dockerd", "rps"), lambda r: r >= 2, "≥ 2"),
        goal(f"memory with {running} running, daemon + helpers RSS ratio", mem_total("mem_running", "berthd", "rss"),
             mem_total("mem_running", "dockerd", "rss"), lambda r: r <= 1.0, "≤ 1.0"),
        (f"- restart to serving with {many} containers: berthd {rb:.2f} s (goal ≤ 2 s absolute) — "
         f"{'met' if rb <= 2 else '**missed**'}" if rb is not None else "- restart: not measured"),
        goal(f"restart to serving with {many} + {counts.get('up', '0')} running, ratio (issue #17)", rb, rd,
             lambda r: r <= 1.0, "≤ 1.0"),
        goal("idle daemon RSS ratio, berthd / dockerd + containerd (issue #17)",
             mem_total("mem_idle", "berthd", "rss"), mem_total("mem_idle", "dockerd", "rss"),
             lambda r: r <= 1.0, "≤ 1.0"),
        goal("memory with 50 running, daemon + helpers PSS ratio (issue #17)",
             mem_total("mem_running50", "berthd", "pss"), mem_total("mem_running50", "dockerd", "pss"),
             lambda r: r <= 0.8, "≤ 0.8"),
    ]
    goals += [
        goal("exec p50 ratio (issue #10)", num("exec", "berthd", "p50"), num("exec", "dockerd", "p50"),
             lambda r: r <= 0.8, "≤ 0.8", key="exec"),
        goal(f"cp {file_mb:.0f} MB in, ratio (issue #10)", num("cp_in", "berthd", "p50"),
             num("cp_in", "dockerd", "p50"), lambda r: r <= 1.0, "≤ 1.0", key="cp_in"),
        goal(f"cp {file_mb:.0f} MB out, ratio (issue #10)", num("cp_out", "berthd", "p50"),
             num("cp_out", "dockerd", "p50"), lambda r: r <= 1.0, "≤ 1.0", key="cp_out"),
        goal(f"stats --no-stream over {running}, ratio (issue #10)", num("stats", "berthd", "p50"),
             num("stats", "dockerd", "p50"), lambda r: r <= 1.0, "≤ 1.0", key="stats"),
        goal("health check daemon CPU per probe ratio (issue #11)", num("health_cpu", "berthd", "cpu_ms_per_probe"),
             num("health_cpu", "dockerd", "cpu_ms_per_probe"), lambda r: r <= 1.0, "≤ 1.0"),
        goal("docker-compose up -d then down p50 ratio (issue #14)", num("compose", "berthd", "p50"),
             num("compose", "dockerd", "p50"), lambda r: r <= 0.8, "≤ 0.8", key="compose"),
        goal("run --rm --runtime crun p50 vs dockerd's runc `run --rm` (issue #16)", num("run_crun", "berthd", "p50"),
             num("run_default", "dockerd", "p50"), lambda r: r <= 0.4, "≤ 0.4"),
        goal("run --rm -v VOL p50 ratio (issue #9)", num("run_vol", "berthd", "p50"),
             num("run_vol", "dockerd", "p50"), lambda r: r <= 1.0, "≤ 1.0", key="run_vol"),
        goal(f"{file_mb:.0f} MB copy-up ratio (issue #9)", num("copyup", "berthd", "p50"),
             num("copyup", "dockerd", "p50"), lambda r: r <= 1.0, "≤ 1.0", key="copyup"),
        goal("build cold (`--no-cache`) p50 ratio (issue #13)", num("build_cold", "berthd", "p50"),
             num("build_cold", "dockerd", "p50"), lambda r: r <= 0.8, "≤ 0.8", key="build_cold"),
        goal("build warm (all cached) p50 ratio (issue #13)", num("build_warm", "berthd", "p50"),
             num("build_warm", "dockerd", "p50"), lambda r: r <= 0.8, "≤ 0.8", key="build_warm"),
    ]
    counted = restart_count("berthd")
    notes = [
        f"¹ default network: {meta.get('berth_net', '?')}; dockerd's default attaches a veth to its own bridge "
        f"({meta.get('dockerd_flags', '')}). Compare the `--network none` rows like for like.",
        "² daemon RSS: berthd = the one JVM; dockerd = dockerd + its containerd.",
        "³ helpers: one conmon per running berthd container; one containerd-shim-runc-v2 per running dockerd "
        "container (the containers' own processes are not counted).",
        "⁴ PSS shares each binary's and library's pages among the processes that map them: closer to what "
        "N helpers really cost than summed RSS.",
        "⁵ CPU (user+system, from /proc) that the daemon process(es) — berthd's JVM; dockerd + containerd — "
        "spent: steadier than wall time on a shared machine. A single connection is a ping-pong, so req/s is "
        "bounded by the round trip (client, kernel, wake-ups), not only by the daemon's CPU.",
        "Throughput and container creation go through the raw API (POST create, POST start; 1 or 4 "
        "threads, each with its own keep-alive connection), `--network none`, command `true`. "
        "Requests/s: curl's URL globbing over one keep-alive connection (checked: one connect), best of 3. "
        f"Restart: SIGTERM, wait for exit, start, poll every 10 ms; berthd's first answer listed {counted} containers.",
    ]
    if a.reg_rounds:
        notes.append(registry_note(a, meta, info, load))
    notes += [
        f"⁷ exec and cp go to one running `sleep 600` container per engine (`--network none`); cp copies one "
        f"file of {file_mb:.0f} MB of random bytes (the same file for both engines) to `/big` in the container's "
        "root and back out to a file; after the timed runs, one more copy out per engine is compared with the "
        "original byte for byte (a difference turns both cp cells into an error). A cell reading "
        f"“{NA}” means berthd refused the command as “… is not supported by Berth yet”; dockerd is measured alone.",
        f"⁸ Volumes (issue #9): `bvol` created beforehand (`docker volume create`) and mounted by every run. "
        f"Copy-up: the busybox tar plus `/data/big` (the same {file_mb:.0f} MB random file) imported with "
        "`docker import --change 'VOLUME /data'`; each run mounts a fresh named volume (`bcopyup-N`), which "
        "the engine fills from the image's `/data` before the container starts; checked afterwards: "
        "`bcopyup-1` holds the whole file. All volumes and the image are removed after. The plugin row: `bpvol` "
        "made with `volume create -d` on `test-plugins/docker-protocol/testplugin.py` (stdlib python, one "
        "directory per volume) at `/run/docker/plugins/bbenchvolPID.sock`, used by both engines; each run is "
        "a `VolumeDriver.Mount` and `Unmount` (dockerd also asks `Get`).",
        "⁹ Health (issue #11): one created `sleep 600` container with `--health-cmd true --health-interval 1s` "
        "(`--network none`); the daemon's CPU over the window before it starts (idle) is subtracted from its CPU "
        "over an equal window while it probes, and divided by the probes that ran in it (their Start times, read "
        "from inspect's last-five log every 2 s, so the two inspects per 2 s are in both engines' figure). The "
        "probe process itself runs under runc: a child of berthd's JVM, of containerd's shim for dockerd; "
        "neither is counted.",
        "¹⁰ docker-compose 1.29 (issue #14), one engine after the other, after one untimed cycle: `up -d` of "
        "web (busybox httpd, a published port, a 1 s healthcheck), worker and a one-shot job (both gated on "
        "web's health: much of the wall time is waiting for the first probe), cache ×2, a named volume, a bind "
        "mount, an env file and two networks (one internal), then `down -v -t 1` (its PID-1 shells ignore "
        "SIGTERM: a 1 s wait each). Daemon CPU is over the whole cycle.",
        f"¹¹ Build (issue #13): `DOCKER_BUILDKIT=0 docker build -q` on both (dockerd's classic builder), engines "
        f"alternating run by run; the context is {build_files} files of 1 MB of random bytes plus the Dockerfile "
        "(FROM the busybox image AS gen, RUN; FROM, ENV, WORKDIR, COPY of the files, two RUNs, COPY --from=gen, "
        "CMD). A cold run is `docker rmi -f` of the previous result and `docker image prune -f`, then "
        "`build --no-cache`, all inside the timed command; a warm run builds the same context again with every "
        "step from the cache (the context is still sent and hashed). Checked afterwards: the image runs and "
        "counts the files.",
        "¹² The berth CLI (`bin/berth`, issue #17) and the docker CLI, both against berthd, one after the "
        "other: the command's own start-up and work, not the engine's. `bin/berth` runs on the newest JDK 25+ "
        "under /usr/lib/jvm with its AOT cache, else on `java` (17) with its class-data archive; the script "
        "waits (up to 120 s) for the archive/cache its first run trains in the background.",
        "¹³ The same 3,000 `_ping`s with curl and every thread of the daemon (dockerd: and its containerd) "
        "set to CPU 0 only for the round (`sched_setaffinity`, given back after): client, kernel and server "
        "share one CPU, so req/s is what a request costs all three, without the cross-CPU wake-up that the "
        "free-running row pays whenever the scheduler puts curl and the daemon's thread on different CPUs "
        "(on this 2-vCPU VM that alone takes a C server from ~43k to ~12k req/s). The `_ping` and "
        "`/containers/json` rounds alternate between the engines, so both see the same minutes of load.",
        "¹⁴ The same rounds (5,000 `_ping`s, 3,000 lists) driven by `bench/lib/httpc.c`, a minimal C client "
        "(one connection, sequential requests, each response read to its end) instead of curl, whose own "
        "CPU per request (a socketpair, an open of its output file and a dozen signal calls per URL of a "
        "glob: ~65–75 µs here) is most of a `_ping` round trip and caps every server's ratio to dockerd "
        "below 2× (bench/README, \"Requests/s over one connection\").",
    ]
    header = [
        f"## {meta.get('date', '?')} — bench/compare",
        "",
        f"Machine: {meta.get('host_cpu')}, {meta.get('host_mem')}, kernel {meta.get('kernel')}, "
        f"cgroups {meta.get('cgroups')}, load average at the end {meta.get('load')} "
        "(a shared machine: other builds and tests may run at the same time).",
        f"Versions: {meta.get('java')}; berth {meta.get('berth')}, `BERTHD_JAVA_OPTS` {meta.get('berthd_opts')}; "
        f"{meta.get('docker_cli')} (CLI for both); {meta.get('dockerd')}; {meta.get('containerd')}; "
        f"{meta.get('runc')}; {meta.get('conmon')}" + (f"; {meta['registry']}." if meta.get("registry") else "."),
        f"Counts: {meta.get('counts')}.",
        "",
        table,
        "",
        *notes,
        "",
        "Goals of issues #5, #9, #10, #11 and #13 (ratios berthd/dockerd, same run):",
        "",
        *goals,
        *reg_goals,
        "",
    ]
    section = "\n".join(header)
    print(section)
    if a.results:
        title = "# Benchmark results (bench/compare, bench/jmh/run)\n\nNewest first. Each section is one run.\n\n"
        old = ""
        if os.path.exists(a.results):
            with open(a.results) as f:
                old = f.read()
            if old.startswith(title):
                old = old[len(title):]
        with open(a.results, "w") as f:
            f.write(title + section + "\n" + old)


if __name__ == "__main__":
    main()
