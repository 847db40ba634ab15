#!/usr/bin/env python3
"""Summarise the raw measurements of bench/scripts/run.sh as one table.

    report.py RESULTS_DIR

reads RESULTS_DIR/raw.tsv (one line per tool, data set, step and run) and RESULTS_DIR/header.txt
("key: value" lines), prints the table as aligned plain text, and writes results.txt and
results.md (Markdown, for the README) beside them. With several runs each figure is the median.
"""

import collections
import os
import statistics
import sys

STEPS = [
    ("first", "first backup"),
    ("unchanged", "unchanged backup"),
    ("modified", "modified backup"),
    ("restore", "restore latest"),
]
TOOL_ORDER = ["cairn", "cairn-plain", "restic", "borg"]


def load(results_dir):
    rows = []
    with open(os.path.join(results_dir, "raw.tsv")) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    head = []
    path = os.path.join(results_dir, "header.txt")
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                line = line.rstrip("\n")
                if line:
                    key, _, value = line.partition(": ")
                    head.append((key, value))
    return rows, head


def fmt_rate(value):
    # Three significant digits down to 0.001 GB/s (1 MB/s).
    if value >= 10:
        return "%.1f" % value
    if value >= 1:
        return "%.2f" % value
    return "%.3f" % value


def fmt_count(value):
    if value >= 10_000:
        return "%.1fk" % (value / 1000)
    return "%.0f" % value


def summarise(rows):
    """{(set, step, tool): dict(seconds, rss_mb, repo_mb, gbps, files_s, status)} of medians."""
    groups = collections.defaultdict(list)
    for r in rows:
        groups[(r["set"], r["step"], r["tool"])].append(r)
    out = {}
    for key, runs in groups.items():
        ok = [r for r in runs if r["status"] == "ok"]
        failed = [r["status"] for r in runs if r["status"] != "ok"]
        if not ok:
            out[key] = {"status": failed[0] if failed else "FAILED"}
            continue
        seconds = statistics.median(float(r["seconds"]) for r in ok)
        data_bytes = statistics.median(int(r["data_bytes"]) for r in ok)
        files = statistics.median(int(r["files"]) for r in ok)
        repo = [int(r["repo_bytes"]) for r in ok if r["repo_bytes"] not in ("", "-")]
        out[key] = {
            "status": "ok" if not failed else failed[0],
            "seconds": seconds,
            "rss_mb": statistics.median(int(r["rss_kb"]) * 1024 / 1e6 for r in ok),
            "repo_mb": statistics.median(repo) / 1e6 if repo else None,
            "gbps": data_bytes / 1e9 / seconds if seconds > 0 else float("inf"),
            "files_s": files / seconds if seconds > 0 else float("inf"),
            "runs": len(ok),
        }
    return out


def build_table(rows):
    summary = summarise(rows)
    sets = []
    tools = []
    for r in rows:
        if r["set"] not in sets:
            sets.append(r["set"])
        if r["tool"] not in tools:
            tools.append(r["tool"])
    tools.sort(key=lambda t: TOOL_ORDER.index(t) if t in TOOL_ORDER else len(TOOL_ORDER))
    peers = [t for t in tools if t != "cairn"]
    with_files = any(s != "large" for s in sets)

    # Columns as (group, name): the plain table prints the group once above its columns.
    columns = [("", "data set"), ("", "step")]
    metrics = ["s", "GB/s"] + (["files/s"] if with_files else []) + ["RSS MB", "repo MB"]
    for t in tools:
        columns += [(t, m) for m in metrics]
    if "cairn" in tools:
        columns += [("peer s / cairn s", p) for p in peers]

    table = []
    for s in sets:
        for step, label in STEPS:
            if not any((s, step, t) in summary for t in tools):
                continue
            line = [s, label]
            for t in tools:
                m = summary.get((s, step, t))
                if m is None:
                    line += ["-"] * (5 if with_files else 4)
                    continue
                if "seconds" not in m:
                    line += [m["status"]] + ["-"] * (4 if with_files else 3)
                    continue
                line += ["%.2f" % m["seconds"] + ("" if m["status"] == "ok" else " !"), fmt_rate(m["gbps"])]
                if with_files:
                    line.append(fmt_count(m["files_s"]) if s != "large" else "-")
                line += ["%.0f" % m["rss_mb"], "%.0f" % m["repo_mb"] if m["repo_mb"] is not None else "-"]
            if "cairn" in tools:
                base = summary.get((s, step, "cairn"), {}).get("seconds")
                for p in peers:
                    other = summary.get((s, step, p), {}).get("seconds")
                    line.append("%.2fx" % (other / base) if base and other else "-")
            table.append(line)
    return columns, table


def plain(columns, table):
    names = [name for _, name in columns]
    widths = [max([len(n)] + [len(r[i]) for r in table]) for i, n in enumerate(names)]
    # Widen a group's last column if the group title is longer than its columns together.
    spans = []
    for i, (group, _) in enumerate(columns):
        if spans and spans[-1][0] == group:
            spans[-1][2] = i
        else:
            spans.append([group, i, i])
    for group, first, last in spans:
        have = sum(widths[first:last + 1]) + 2 * (last - first)
        if len(group) > have:
            widths[last] += len(group) - have

    def row(cells):
        # Text columns left-aligned, numbers right-aligned; two spaces between columns and
        # " | " between groups.
        out = []
        for i, (c, w) in enumerate(zip(cells, widths)):
            if i > 0:
                out.append(" | " if columns[i][0] != columns[i - 1][0] else "  ")
            out.append(c.ljust(w) if i < 2 else c.rjust(w))
        return "".join(out).rstrip()

    title = []
    for group, first, last in spans:
        if title:
            title.append(" | ")
        width = sum(widths[first:last + 1]) + 2 * (last - first)
        title.append(group.center(width))
    lines = ["".join(title).rstrip(), row(names)]
    lines.append(row(["-" * w for w in widths]).replace(" | ", "-+-"))
    lines += [row(r) for r in table]
    return "\n".join(lines)


def markdown(columns, table, head):
    out = ["## End-to-end benchmark", ""]
    for key, value in head:
        out.append("- **%s:** %s" % (key, value))
    out.append("")
    out.append("| " + " | ".join(("%s %s" % (g if not g.startswith("peer") else "", n)).strip()
                                 if not g.startswith("peer") else "%s/cairn" % n
                                 for g, n in columns) + " |")
    out.append("|" + "|".join(":---" if i < 2 else "---:" for i in range(len(columns))) + "|")
    for r in table:
        out.append("| " + " | ".join(r) + " |")
    out.append("")
    out.append(LEGEND)
    return "\n".join(out) + "\n"


LEGEND = (
    "Seconds are wall time of the whole command (JVM start included for cairn), the median over "
    "the runs. GB/s is the data set's logical size (10^9 bytes) divided by that time; files/s "
    "likewise for the tree set. RSS is the peak resident set size of the process (10^6 bytes). "
    "Repo MB is the repository size (`du -sb`) after the step. The last columns are the peer's "
    "time divided by cairn's: above 1 means cairn is faster. A `!` marks a step that failed in "
    "some runs; FAILED, TIMEOUT or VERIFY-FAILED replace the figures when every run failed."
)


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    results_dir = sys.argv[1]
    rows, head = load(results_dir)
    if not rows:
        print("no measurements in %s/raw.tsv" % results_dir, file=sys.stderr)
        return 1
    columns, table = build_table(rows)
    text = plain(columns, table)
    print(text)
    with open(os.path.join(results_dir, "results.txt"), "w") as f:
        f.write(text + "\n\n" + LEGEND + "\n")
    with open(os.path.join(results_dir, "results.md"), "w") as f:
        f.write(markdown(columns, table, head))
    return 0


if __name__ == "__main__":
    sys.exit(main())
