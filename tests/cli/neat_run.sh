#!/usr/bin/env bash
# `pond run` on the NEAT tasks (maze, xor, pole): stop at the first solution, solution.json and
# maze.png, the same result with 1 thread or 2, resume, and `pond bench deception` on a small budget.
source "$(dirname "$0")/lib.sh"

# ---- Novelty search solves the hard maze (seed 4 does within 20,000 evaluations) and stops there.
expect_ok run maze --map hard --algo novelty --seed 4 --evals 20000 -q --out maze1
expect_contains "$OUT" "pond maze novelty (seed 4):"
expect_contains "$OUT" "solved after "
expect_files maze1 run.json metrics.csv checkpoint.bin archive.bin archive.json result_archive.bin \
  solution.json maze.png heatmap.png novelty.png progress.png
expect_png maze1/maze.png
solved_at=$(sed -n 's/.*solved after \([0-9]*\) evaluations.*/\1/p' "$OUT")
done_evals=$(sed -n 's/.*(seed 4): \([0-9]*\) evaluations.*/\1/p' "$OUT")
((solved_at > 0 && solved_at <= done_evals && done_evals < 20000)) || fail "solved at '$solved_at', stopped at '$done_evals'"
((done_evals % 250 == 0)) || fail "a run stops at the end of a generation of 250 (stopped at $done_evals)"
python3 - maze1/solution.json <<'PY' || fail "solution.json is not a genome document"
import json, sys
g = json.load(open(sys.argv[1]))
assert g["format"] == "pond-neat-genome" and g["version"] == 1 and g["inputs"] == 11 and g["outputs"] == 2, g
assert any(c["enabled"] for c in g["connections"])
PY
expect_eq "$(tail -n 1 maze1/metrics.csv | cut -d, -f1)" "$done_evals" "last metrics row at the stop"

# ---- The same with two threads, byte for byte.
expect_ok run maze --map hard --algo novelty --seed 4 --evals 20000 --threads 2 -q --no-plots --out maze2
expect_same_bytes maze1/archive.bin maze2/archive.bin "archive with 2 threads"
expect_same_bytes maze1/solution.json maze2/solution.json "solution with 2 threads"

# ---- Fitness-based NEAT on a small budget: not solved, the picture shows the last generation.
expect_ok run maze --map medium --algo fitness --seed 2 --evals 1000 -q --out fit
expect_contains "$OUT" "not solved"
expect_files fit maze.png heatmap.png
expect_no_files fit solution.json

# ---- A NEAT run resumed with a larger budget equals the straight run (the population is checkpointed).
expect_ok run maze --map medium --algo random --seed 3 --evals 1000 --stop-when-solved false -q --no-plots --out part
expect_ok resume part --evals 2000 -q --no-plots
expect_ok run maze --map medium --algo random --seed 3 --evals 2000 --stop-when-solved false -q --no-plots --out whole
expect_same_bytes whole/archive.bin part/archive.bin "resumed NEAT run"

# ---- XOR: solved, 4-D descriptors (no heatmap), a solution that computes XOR.
expect_ok run xor --seed 1 -q --out xor
expect_contains "$OUT" "solved after "
expect_files xor solution.json progress.png
expect_no_files xor heatmap.png maze.png

# ---- Double pole balancing with velocities runs (a short budget).
expect_ok run pole --seed 1 --evals 600 -q --no-plots --out pole
expect_contains "$OUT" "pond pole novelty (seed 1): "

# ---- bench deception: a small table, the CSV and the figure; the results do not depend on threads.
expect_ok bench deception --map medium --runs 2 --evals 1500 --threads 2 --out bench2
for method in novelty fitness random; do expect_contains "$OUT" "$method "; done
expect_files bench2 table.txt runs.csv end_points.png
expect_png bench2/end_points.png
expect_eq "$(wc -l <bench2/runs.csv)" 7 "runs.csv rows (header + 3 methods x 2 seeds)"
expect_ok bench deception --map medium --runs 2 --evals 1500 --threads 1 --out bench1
expect_eq "$(cut -d, -f1-8 bench1/runs.csv)" "$(cut -d, -f1-8 bench2/runs.csv)" "bench runs with 1 or 2 threads"
expect_fail 2 "--methods names an unknown method 'best'" -- bench deception --methods novelty,best --out b3
expect_fail 1 "bench1 already exists" -- bench deception --runs 1 --out bench1
