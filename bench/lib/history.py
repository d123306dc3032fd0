#!/usr/bin/env python3
"""bench/compare --history N (issue 15): the journal's figures with a long history.

Subcommands print one JSON object each (the compare script stores it under res/):
  count SOCK                 GET /berth/history/export: rows, seconds, bytes (berthd only)
  stream SOCK --until T      GET /events?since=0&until=T: events streamed, seconds, events/s
  at SOCK ID --repeat N      GET /containers/ID/json?at=ISO (issue 15 item 3): p50 ms, or n/a on a 400
  report RES                 prints the markdown table from the stored JSON
"""
import argparse
import datetime
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench import Api, UnixHTTPConnection  # noqa: E402


def stream_lines(sock, path):
    """Reads a streamed answer line by line; returns (status, lines, bytes, seconds, last line)."""
    conn = UnixHTTPConnection(sock, timeout=3600)
    t0 = time.monotonic()
    conn.request("GET", path, headers={"Host": "docker"})
    resp = conn.getresponse()
    lines = size = 0
    last = b""
    for line in resp:
        if line.strip():
            lines += 1
            size += len(line)
            last = line
    conn.close()
    return resp.status, lines, size, time.monotonic() - t0, last


def cmd_count(a):
    status, lines, size, secs, last = stream_lines(a.sock, "/berth/history/export")
    if status != 200:
        return {"error": f"export answered {status}"}
    trailer = json.loads(last)
    return {"rows": trailer["count"], "seconds": secs, "bytes": size, "per_second": trailer["count"] / secs}


def cmd_stream(a):
    status, lines, size, secs, _ = stream_lines(a.sock, f"/events?since=0&until={a.until}")
    if status != 200:
        return {"error": f"/events answered {status}"}
    return {"events": lines, "seconds": secs, "per_second": lines / secs if secs else 0}


def cmd_at(a):
    at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    api = Api(a.sock)
    samples = []
    for i in range(a.repeat + 1):
        t0 = time.monotonic()
        status, payload = api.call("GET", f"/containers/{a.id}/json?at={at}")
        elapsed = (time.monotonic() - t0) * 1000
        if status == 400:
            return {"not_implemented": payload.decode(errors="replace")[:200]}
        if status != 200:
            return {"error": f"inspect at answered {status}"}
        if i:
            samples.append(elapsed)
    api.close()
    return {"p50_ms": statistics.median(samples), "n": len(samples)}


def load(res, name):
    try:
        with open(os.path.join(res, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def cmd_report(a):
    def cell(d, field, fmt):
        if d is None:
            return "—"
        if "not_implemented" in d:
            return "n/a"
        if "error" in d or field not in d:
            return "error"
        return fmt.format(d[field])

    def seconds(d):
        return "—" if d is None else ("error" if "ms" not in d else f"{d['ms'] / 1000:.2f}")

    churn = load(a.res, "history-churn.json") or {}
    rows = [
        ("journal write rate, 4-client create/start/rm churn (events/s)",
         cell(churn, "events_per_second", "{:,.0f}"), "n/a (keeps 256 events in memory)"),
        ("… bytes on disk per event (journal file growth / rows)", cell(churn, "bytes_per_event", "{:,.0f}"), "n/a"),
        (f"restart → first answered `GET /containers/json?all=1` with {a.rows:,} events in the journal (s)",
         seconds(load(a.res, "history-restart.json")),
         "n/a (keeps 256 events in memory)"),
        ("… the first start after the fill, replaying it all (no snapshot covered it) (s)",
         seconds(load(a.res, "history-first-start.json")),
         "n/a"),
        ("`GET /events?since=0&until=now` streamed (events/s)",
         cell(load(a.res, "history-stream.berthd.json"), "per_second", "{:,.0f}"),
         cell(load(a.res, "history-stream.dockerd.json"), "per_second", "{:,.0f}") + " (its ≤256 in memory)"),
        ("… events sent", cell(load(a.res, "history-stream.berthd.json"), "events", "{:,}"),
         cell(load(a.res, "history-stream.dockerd.json"), "events", "{:,}")),
        ("`GET /containers/{id}/json?at=…` p50 (ms)", cell(load(a.res, "history-at.json"), "p50_ms", "{:.1f}"), "n/a"),
        ("`GET /berth/history/export` (rows/s)", cell(load(a.res, "history-export.json"), "per_second", "{:,.0f}"), "n/a"),
    ]
    print(f"\n### History (issue 15): {a.rows:,} events in berthd's journal\n")
    print("| figure | berthd | dockerd |")
    print("|---|---:|---:|")
    for label, b, d in rows:
        print(f"| {label} | {b} | {d} |")
    return None


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(required=True)
    s = sub.add_parser("count"); s.set_defaults(f=cmd_count); s.add_argument("sock")
    s = sub.add_parser("stream"); s.set_defaults(f=cmd_stream); s.add_argument("sock"); s.add_argument("--until", required=True)
    s = sub.add_parser("at"); s.set_defaults(f=cmd_at); s.add_argument("sock"); s.add_argument("id")
    s.add_argument("--repeat", type=int, default=10)
    s = sub.add_parser("report"); s.set_defaults(f=cmd_report); s.add_argument("res"); s.add_argument("--rows", type=int, default=0)
    a = p.parse_args()
    out = a.f(a)
    if out is not None:
        print(json.dumps(out))


if __name__ == "__main__":
    main()
