#!/usr/bin/env python3
"""The same weighted rollup in folio, numpy, DuckDB and pandas, on the same CSV.

Kept out of CI. Usage (from the repository root):

    cargo run --release --example okr_csv -- 1000000 target/okr-peers/okr.csv
    cargo build --profile bench --example okr_load
    python3 -m venv /tmp/okr-venv && /tmp/okr-venv/bin/pip install numpy pandas duckdb
    /tmp/okr-venv/bin/python benches/okr_peers.py target/okr-peers/okr.csv

The CSV has one row per contribution edge (`id,parent_id,weight,progress`); leaf rows
carry progress. A node's value is `sum(w_i * v_i) / sum(w_i)` over its contributors.
Every tool is timed twice: the full rollup alone on data already loaded (numpy on a
plan precompiled into arrays, DuckDB and pandas on loaded tables), and the whole path
from the file to the portfolio objectives' values. Times are the best of a few runs.
The peers roll up level by level, which is right for this generated portfolio (every
parent's contributors sit on one level); folio's own plan needs no such assumption.
"""

import re
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

REPEATS = 5


def best(fn, repeats=REPEATS):
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


# numpy --------------------------------------------------------------------------------

def numpy_plan(frame):
    """Arrays per level: (child index, parent index, weight), leaves' values."""
    codes, names = pd.factorize(pd.concat([frame["id"], frame["parent_id"]]), sort=False)
    n = len(frame)
    child = codes[:n]
    parent = codes[n:]
    weight = frame["weight"].to_numpy(dtype=np.float64)
    values = np.full(len(names), np.nan)
    leaf = ~np.isnan(frame["progress"].to_numpy(dtype=np.float64))
    values[child[leaf]] = frame["progress"].to_numpy(dtype=np.float64)[leaf]
    # Height of each child above the leaves, by relaxation (three tiers here).
    height = np.zeros(len(names), dtype=np.int64)
    for _ in range(8):
        np.maximum.at(height, parent, height[child] + 1)
    levels = []
    for h in range(1, height.max() + 1):
        edges = height[parent] == h
        levels.append((child[edges], parent[edges], weight[edges]))
    return names, values, levels


def numpy_rollup(values, levels, size):
    values = values.copy()
    for child, parent, weight in levels:
        sums = np.bincount(parent, weights=weight * values[child], minlength=size)
        totals = np.bincount(parent, weights=weight, minlength=size)
        touched = np.unique(parent)
        values[touched] = sums[touched] / totals[touched]
    return values


def numpy_roots(names, values, frame):
    roots = set(frame["parent_id"]) - set(frame["id"])
    index = {name: i for i, name in enumerate(names) if name in roots}
    return {name: values[i] for name, i in index.items()}


def numpy_pipeline(path):
    frame = pd.read_csv(path, dtype={"id": str, "parent_id": str})
    names, values, levels = numpy_plan(frame)
    return numpy_roots(names, numpy_rollup(values, levels, len(names)), frame)


# DuckDB -------------------------------------------------------------------------------

DUCK_ROLLUP = """
CREATE OR REPLACE TEMP TABLE vals AS SELECT id, progress AS v FROM edges WHERE progress IS NOT NULL;
CREATE OR REPLACE TEMP TABLE frontier AS SELECT * FROM vals;
"""
DUCK_STEP = """
CREATE OR REPLACE TEMP TABLE frontier AS
  SELECT e.parent_id AS id, SUM(e.weight * f.v) / SUM(e.weight) AS v
  FROM edges e JOIN frontier f ON e.id = f.id GROUP BY e.parent_id;
INSERT INTO vals SELECT * FROM frontier;
"""


def duck_rollup(con):
    con.execute(DUCK_ROLLUP)
    while con.execute("SELECT count(*) FROM frontier").fetchone()[0] > 0:
        con.execute(DUCK_STEP)
    return dict(
        con.execute(
            "SELECT id, v FROM vals WHERE id NOT IN (SELECT id FROM edges)"
        ).fetchall()
    )


def duck_load(con, path):
    con.execute(
        "CREATE OR REPLACE TABLE edges AS SELECT * FROM read_csv(?, header = true, "
        "columns = {'id': 'VARCHAR', 'parent_id': 'VARCHAR', 'weight': 'DOUBLE', "
        "'progress': 'DOUBLE'})",
        [str(path)],
    )


def duck_pipeline(path):
    con = duckdb.connect()
    con.execute("SET threads TO 1")
    duck_load(con, path)
    return duck_rollup(con)


# pandas -------------------------------------------------------------------------------

def pandas_rollup(frame):
    edges = frame[["id", "parent_id", "weight"]]
    frontier = frame.loc[frame["progress"].notna(), ["id", "progress"]].rename(
        columns={"progress": "v"}
    )
    values = [frontier]
    while len(frontier):
        joined = edges.merge(frontier, on="id")
        joined["wv"] = joined["weight"] * joined["v"]
        grouped = joined.groupby("parent_id", sort=False)[["wv", "weight"]].sum()
        frontier = pd.DataFrame(
            {"id": grouped.index, "v": (grouped["wv"] / grouped["weight"]).to_numpy()}
        )
        values.append(frontier)
    everything = pd.concat(values)
    roots = everything[~everything["id"].isin(frame["id"])]
    return dict(zip(roots["id"], roots["v"]))


def pandas_pipeline(path):
    return pandas_rollup(pd.read_csv(path, dtype={"id": str, "parent_id": str}))


# folio --------------------------------------------------------------------------------

def folio(path, repeats):
    binary = Path("target/release/examples/okr_load")
    if not binary.exists():
        sys.exit("build it first: cargo build --profile bench --example okr_load")
    out = subprocess.run(
        [str(binary), str(path), "file", str(repeats)],
        check=True, capture_output=True, text=True,
    ).stdout
    # The whole path from the file: reading it, then the load (the peers read it too).
    load = float(re.search(r"with the file read: ([0-9.]+) s", out).group(1))
    rollup = float(re.search(r"full rollup: ([0-9.]+) s", out).group(1))
    values = {m.group(1): float(m.group(2)) for m in re.finditer(r"value (\S+) = (\S+)", out)}
    return load, rollup, values


def main():
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "target/okr-peers/okr.csv")
    with open("/proc/loadavg") as f:
        print(f"load average: {f.read().split()[0:3]}")
    folio_load, folio_rollup, folio_values = folio(path, 20)
    # folio's whole pipeline is run once per process; take the best of three processes.
    for _ in range(2):
        folio_load = min(folio_load, folio(path, 1)[0])

    frame = pd.read_csv(path, dtype={"id": str, "parent_id": str})
    names, values, levels = numpy_plan(frame)
    numpy_time, numpy_values = best(lambda: numpy_rollup(values, levels, len(names)))
    numpy_roots_values = numpy_roots(names, numpy_values, frame)
    numpy_load, _ = best(lambda: numpy_pipeline(path), 3)

    con = duckdb.connect()
    con.execute("SET threads TO 1")
    duck_load(con, path)
    duck_time, duck_values = best(lambda: duck_rollup(con), 3)
    duck_load_time, _ = best(lambda: duck_pipeline(path), 3)

    pandas_time, pandas_values = best(lambda: pandas_rollup(frame), 3)
    pandas_load, _ = best(lambda: pandas_pipeline(path), 3)

    worst = 0.0
    for name, value in folio_values.items():
        for other in (numpy_roots_values, duck_values, pandas_values):
            worst = max(worst, abs(other[name] - value))
    print(f"portfolio objectives: {len(folio_values)}; largest difference from folio: {worst:.2e}")
    print(f"{'tool':<8} {'full rollup':>12} {'folio / tool':>13} {'file to answer':>15} {'folio / tool':>13}")
    rows = [
        ("folio", folio_rollup, folio_load),
        ("numpy", numpy_time, numpy_load),
        ("duckdb", duck_time, duck_load_time),
        ("pandas", pandas_time, pandas_load),
    ]
    for tool, rollup, load in rows:
        print(
            f"{tool:<8} {rollup * 1e3:>9.1f} ms {folio_rollup / rollup:>12.2f}x"
            f" {load:>13.3f} s {folio_load / load:>12.2f}x"
        )


if __name__ == "__main__":
    main()
