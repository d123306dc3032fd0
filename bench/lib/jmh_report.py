#!/usr/bin/env python3
"""Formats JMH's JSON result (bench/jmh/run) as a markdown section; with --results, puts it at the
top of bench/RESULTS.md below the title, as bench/compare does."""
import argparse
import json
import os
import platform
import subprocess
import time

TITLE = "# Benchmark results (bench/compare, bench/jmh/run)\n\nNewest first. Each section is one run.\n\n"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--json", required=True)
    p.add_argument("--settings", default="")
    p.add_argument("--results")
    a = p.parse_args()
    with open(a.json) as f:
        runs = json.load(f)
    java = runs[0]["jdkVersion"] + " " + runs[0]["vmName"] if runs else "?"
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1048576:.1f} GiB"
    try:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
    except OSError:
        commit = "?"
    with open("/proc/loadavg") as f:
        load = " ".join(f.read().split()[:3])
    lines = [
        f"## {time.strftime('%Y-%m-%d %H:%M %Z')} — bench/jmh/run",
        "",
        f"Machine: {os.cpu_count()} cores, {mem}, kernel {platform.release()}, load average at the end {load}; "
        f"Java {java}; berth {commit} (modules from ~/.m2); JMH settings `{a.settings}`.",
        "",
        "| benchmark | threads | mode | score | ± error (99.9%) | unit |",
        "|---|---:|---|---:|---:|---|",
    ]
    for r in runs:
        name = r["benchmark"].replace("dev.berth.bench.", "")
        params = r.get("params") or {}
        if params:
            name += " (" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"
        m = r["primaryMetric"]
        err = m.get("scoreError")
        err = f"{err:,.2f}" if isinstance(err, (int, float)) and err == err else "–"
        lines.append(f"| {name} | {r['threads']} | {r['mode']} | {m['score']:,.2f} | {err} | {m['scoreUnit']} |")
    lines += ["", "JournalAppendBench: one `ContainerEvent.StartRequested` persisted and acknowledged per op on the "
              "H2 journal (WRITE_DELAY=0); PsRenderBench: 1,000 `ContainerSummary` to JSON bytes with the API's "
              "ObjectMapper; LayerApplyBench: `LayerStore.apply` of the busybox rootfs tar from memory.", ""]
    section = "\n".join(lines)
    print(section)
    if a.results:
        old = ""
        if os.path.exists(a.results):
            with open(a.results) as f:
                old = f.read()
            if old.startswith(TITLE):
                old = old[len(TITLE):]
        with open(a.results, "w") as f:
            f.write(TITLE + section + "\n" + old)


if __name__ == "__main__":
    main()
