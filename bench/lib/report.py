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


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--res", required=True)
    p.add_argument("--meta", required=True)
    p.add_argument("--restarts", type=int, default=1)
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

    def get(key, engine, field, scale=1.0):
        d = load(a.res, key, engine)
        if d is None:
            return None
        if "error" in d:
            return "error: " + d["error"][:60]
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
    row("`GET /_ping`, one keep-alive connection", "ping_rps", "rps", "req/s", 0)
    row("… daemon CPU per `_ping`⁵", "ping_rps", "cpu_us_per_request", "µs", 1)
    row("`GET /containers/json` (0 containers), one connection", "list_rps", "rps", "req/s", 0)
    row("… daemon CPU per request⁵", "list_rps", "cpu_us_per_request", "µs", 1)
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
    row(f"memory after restarts, {many} containers: daemon RSS²", "mem_after_restart", "daemon_rss_kib", "MiB", 0,
        mib)
    row(f"daemon restart → first answered `GET /containers/json?all=1`, {many} containers (median of "
        f"{a.restarts})", None, None, "s", 2, berth=restart("berthd"), docker=restart("dockerd"))
    row("… daemon CPU time until that answer⁵ (median)", None, None, "s", 2, berth=restart_cpu("berthd"),
        docker=restart_cpu("dockerd"))
    row("`exec CONTAINER true`: p50 (CLI)", "exec", "p50", "ms", 0, berth=NA)
    row("pull / push throughput", None, None, "", 0, berth=NA, docker="not measured (no registry yet)")
    row("build, cold / warm", None, None, "", 0, berth=NA, docker="not measured")

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

    def goal(name, b, d, test, target):
        if b is None or d is None:
            return f"- {name}: not measured"
        r = b / d if d else float("inf")
        return f"- {name}: {r:.2f} (goal {target}) — {'met' if test(r) else '**missed**'}"

    rb, rd = restart("berthd"), restart("dockerd")
    goals = [
        goal("run --rm p50 ratio (`--network none` on both)", num("run_none", "berthd", "p50"),
             num("run_none", "dockerd", "p50"), lambda r: r <= 0.8, "≤ 0.8"),
        goal(f"`ps -a` at {many} ratio (CLI)", num("ps_many_cli", "berthd", "p50"),
             num("ps_many_cli", "dockerd", "p50"), lambda r: r <= 0.5, "≤ 0.5"),
        goal(f"`GET /containers/json?all=1` at {many} ratio (API)", num("ps_many_api", "berthd", "p50"),
             num("ps_many_api", "dockerd", "p50"), lambda r: r <= 0.5, "≤ 0.5"),
        goal("`_ping` rps ratio", num("ping_rps", "berthd", "rps"), num("ping_rps", "dockerd", "rps"),
             lambda r: r >= 2, "≥ 2"),
        goal(f"memory with {running} running, daemon + helpers RSS ratio", mem_total("mem_running", "berthd", "rss"),
             mem_total("mem_running", "dockerd", "rss"), lambda r: r <= 1.0, "≤ 1.0"),
        (f"- restart to serving with {many} containers: berthd {rb:.2f} s (goal ≤ 2 s absolute) — "
         f"{'met' if rb <= 2 else '**missed**'}" if rb is not None else "- restart: not measured"),
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
    header = [
        f"## {meta.get('date', '?')} — bench/compare",
        "",
        f"Machine: {meta.get('host_cpu')}, {meta.get('host_mem')}, kernel {meta.get('kernel')}, "
        f"cgroups {meta.get('cgroups')}, load average at the end {meta.get('load')} "
        "(a shared machine: other builds and tests may run at the same time).",
        f"Versions: {meta.get('java')}; berth {meta.get('berth')}, `BERTHD_JAVA_OPTS` {meta.get('berthd_opts')}; "
        f"{meta.get('docker_cli')} (CLI for both); {meta.get('dockerd')}; {meta.get('containerd')}; "
        f"{meta.get('runc')}; {meta.get('conmon')}.",
        f"Counts: {meta.get('counts')}.",
        "",
        table,
        "",
        *notes,
        "",
        "Goals of issue #5 (ratios berthd/dockerd, same run):",
        "",
        *goals,
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
