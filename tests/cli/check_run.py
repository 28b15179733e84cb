"""Checks a finished run directory of `pond run` (used by run_task.sh; one Python start per run).

usage: check_run.py DIR TASK ALGO EVALS SEED INFO_JSON
INFO_JSON is the output of `pond info DIR --json`. Exits non-zero with a message on the first problem.
"""
import json
import math
import os
import sys

run_dir, task, algo, evals, seed, info_file = sys.argv[1:7]
evals, seed = int(evals), int(seed)
novelty = algo == "novelty"


def load(name):
    with open(os.path.join(run_dir, name)) as f:
        return json.load(f)  # raises on invalid JSON


run = load("run.json")
assert run["format"] == "pond-run", run.get("format")
config = run["config"]
for key, want in {"task": task, "algo": algo, "evals": evals, "seed": seed}.items():
    assert config[key] == want, f"run.json config {key} = {config[key]!r}, expected {want!r}"

# metrics.csv: header, >= 2 rows of 10 numbers, evaluations increasing, last == budget.
with open(os.path.join(run_dir, "metrics.csv")) as f:
    lines = f.read().split("\n")
header = ("evaluations,iterations,elites,coverage,qd_score,norm_qd_score,best_objective,novelty_threshold,"
          "archive_size,seconds")
assert lines[0] == header, f"metrics.csv header is {lines[0]!r}"
assert lines[-1] == "", "metrics.csv does not end with a newline"
rows = [[float(x) for x in line.split(",")] for line in lines[1:-1]]
assert len(rows) >= 2, f"metrics.csv has {len(rows)} rows"
assert all(len(r) == 10 for r in rows), "a metrics row without 10 columns"
counts = [r[0] for r in rows]
assert all(a < b for a, b in zip(counts, counts[1:])), f"evaluations not increasing: {counts}"
assert counts[-1] == evals, f"last metrics row has {counts[-1]} evaluations, expected {evals}"
last = rows[-1]

archive = load("archive.json")
assert archive["format"] == "pond-archive", archive.get("format")
if novelty:
    result = load("result_archive.json")
    assert result["format"] == "pond-archive"
    assert len(result["elites"]) == last[2], (len(result["elites"]), last)
    assert len(archive["elites"]) == last[8], (len(archive["elites"]), last)
else:
    assert not os.path.exists(os.path.join(run_dir, "result_archive.json"))
    assert len(archive["elites"]) == last[2], (len(archive["elites"]), last)

with open(info_file) as f:
    info = json.load(f)
assert info["evaluations_reported"] == evals, info["evaluations_reported"]
assert info["finished"] is True and info["checkpoint"] is True, info
assert info["config"] == config, "pond info --json config differs from run.json"
measured = info["result_archive"] if novelty else info["archive"]
assert measured["elites"] == last[2], (measured, last)
assert math.isclose(measured["coverage"], last[3], rel_tol=1e-9), (measured, last)
assert math.isclose(measured["qd_score"], last[4], rel_tol=1e-9), (measured, last)
assert math.isclose(measured["norm_qd_score"], last[5], rel_tol=1e-9), (measured, last)
kind = {"novelty": "novelty", "cvt-map-elites": "cvt"}.get(algo, "grid")
assert info["archive"]["kind"] == kind, info["archive"]
assert ("result_archive" in info) == novelty, sorted(info)
if novelty:
    assert info["archive"]["elites"] == last[8] and info["archive"]["coverage"] is None, info["archive"]
    assert math.isclose(info["archive"]["novelty_threshold"], last[7], rel_tol=1e-9), (info["archive"], last)
else:
    assert info["archive"]["novelty_threshold"] is None, info["archive"]
