"""The scale table of bench/compare --scale N (issue 17 goal 5): each figure at N containers beside the
same figure at BENCH_MANY (when that phase ran), per engine, and how it grew against the container count:
growth / (N / MANY) above 1 means faster than linear."""
import argparse
import json
import os


def load(res, key, engine):
    try:
        with open(os.path.join(res, f"{key}.{engine}.json")) as f:
            d = json.load(f)
        return None if "error" in d else d
    except (OSError, ValueError):
        return None


def mib(d, helpers=False):
    if not d:
        return None
    kib = d["daemon_rss_kib"] + (d["helpers_pss_kib"] if helpers else 0)
    return kib / 1024


FIGURES = [
    # (label, key at MANY, key at SCALE, value, unit)
    ("`ps -a` API (p50)", "ps_many_api", "scale_ps_api", lambda d: d and d["p50"], "ms"),
    ("`docker ps -a` CLI (p50)", "ps_many_cli", "scale_ps_cli", lambda d: d and d["p50"], "ms"),
    ("daemon RSS, after the restart", "mem_after_restart", "scale_mem_after_restart", mib, "MiB"),
    ("daemon RSS + helpers PSS, after the restart", "mem_after_restart", "scale_mem_after_restart",
     lambda d: mib(d, True), "MiB"),
    ("restart → first answered ps", "restart1", "scale_restart", lambda d: d and d["ms"] / 1000, "s"),
    ("daemon CPU until then", "restart1", "scale_restart", lambda d: d and d.get("cpu_ms", 0) / 1000, "s"),
    ("create (stopped), per container", None, "scale_create", lambda d: d and d["n"] and d["seconds"] * 1000 / d["n"],
     "ms"),
]


def fmt(v, unit):
    if v is None:
        return "—"
    return f"{v:,.2f} {unit}" if v < 100 else f"{v:,.0f} {unit}"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("res")
    p.add_argument("--many", type=int, required=True)
    p.add_argument("--up", type=int, required=True)
    p.add_argument("--scale", type=int, required=True)
    p.add_argument("--scale-running", type=int, required=True)
    p.add_argument("--steps", default="", help="the points taken on the way (BENCH_SCALE_STEPS)")
    a = p.parse_args()
    factor = a.scale / a.many
    print(f"\n### Scale: {a.many:,} containers ({a.up} running) → {a.scale:,} ({a.scale_running} running)\n")
    print("growth = figure at the scale point / figure at the smaller one; ÷ containers = growth / "
          f"{factor:g} (above 1: faster than linear)\n")
    print(f"| figure | berthd {a.many:,} | berthd {a.scale:,} | growth (÷ containers) | dockerd {a.many:,} "
          f"| dockerd {a.scale:,} | growth (÷ containers) | berthd/dockerd at {a.scale:,} |")
    print("|---|---|---|---|---|---|---|---|")
    for label, small_key, big_key, value, unit in FIGURES:
        row = [label]
        big = {}
        for e in ("berthd", "dockerd"):
            s = value(load(a.res, small_key, e)) if small_key else None
            b = value(load(a.res, big_key, e))
            big[e] = b
            growth = f"{b / s:.2f}× ({b / s / factor:.2f})" if s and b else "—"
            row += [fmt(s, unit), fmt(b, unit), growth]
        row.append(f"{big['berthd'] / big['dockerd']:.2f}" if big["berthd"] and big["dockerd"] else "—")
        print("| " + " | ".join(row) + " |")
    steps = [int(x) for x in a.steps.split() if a.many < int(x) < a.scale]
    if steps:
        series(a, steps)


SERIES = [
    # (label, key at MANY, key stem on the way and at SCALE, value, unit); memory at MANY is after its
    # restart (few entities awake), on the way and at SCALE before the scale restart (all awake)
    ("`ps -a` API (p50)", "ps_many_api", "scale_ps_api", lambda d: d and d["p50"], "ms"),
    ("`docker ps -a` CLI (p50)", "ps_many_cli", "scale_ps_cli", lambda d: d and d["p50"], "ms"),
    ("daemon CPU per `ps -a` (API)", None, "scale_ps_cpu", lambda d: d and d.get("cpu_us_per_request", 0) / 1000, "ms"),
    ("daemon RSS", None, "scale_mem", mib, "MiB"),
    ("daemon RSS + helpers PSS", None, "scale_mem", lambda d: mib(d, True), "MiB"),
]


def series(a, steps):
    """The figures at every point: each step's growth against its container factor."""
    points = [a.many] + steps + [a.scale]
    print(f"\n### Growth, point by point ({a.scale_running * 100 // a.scale}% running at each point after "
          f"{a.many:,})\n")
    print("each cell: the figure, then (growth ÷ container factor) from the point before; above 1: faster "
          "than linear\n")
    print("| figure | engine | " + " | ".join(f"{p:,}" for p in points) + " |")
    print("|---|---|" + "---|" * len(points))
    for label, small_key, stem, value, unit in SERIES:
        for e in ("berthd", "dockerd"):
            keys = [small_key] + [f"{stem}_{p}" for p in steps] + [stem]
            vals = [value(load(a.res, k, e)) if k else None for k in keys]
            cells = []
            for i, v in enumerate(vals):
                cell = fmt(v, unit)
                prev = vals[i - 1] if i else None
                if v and prev:
                    cell += f" ({v / prev / (points[i] / points[i - 1]):.2f})"
                cells.append(cell)
            print(f"| {label} | {e} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
