#!/usr/bin/env bash
# `pond lineage` (the chain of stepping stones behind a candidate), `pond fish` (a demand nobody planned
# for, served from a finished pond) and `pond bench unforeseen` on small budgets: outputs, determinism
# and bad input.
source "$(dirname "$0")/lib.sh"

# ---- A small maze pond, grown without stopping at the goal.
expect_ok run maze --map hard --algo novelty --seed 1 --evals 6000 --stop-when-solved false -q --no-plots --out pond
last=$(json_get pond/archive.json 'j["elites"][-1]["id"]')

# ---- lineage: a complete chain, oldest first, ending at the elite; a table, JSON and a picture.
expect_ok lineage pond --id "$last"
expect_contains "$OUT" "The stepping stones that led to candidate $last"
expect_contains "$OUT" "genealogy: "
expect_png "pond/lineage-$last.png"
expect_ok lineage pond --id "$last" --json --out "$TMP/chain.png"
cp "$OUT" "$TMP/chain.json"
expect_png "$TMP/chain.png"
python3 - "$TMP/chain.json" "$last" <<'PY' || fail "the lineage chain is not complete and ordered"
import json, sys
j = json.load(open(sys.argv[1]))
chain = j["chain"]
assert chain[-1]["id"] == int(sys.argv[2]) and chain[0]["parents"] == [], chain[0]
for older, newer in zip(chain, chain[1:]):
    assert newer["parents"][0] == older["id"] and older["id"] < newer["id"], (older, newer)
    assert newer["birth"] == newer["id"] + 1
PY
expect_fail 1 "candidate 99999999 is not recorded" -- lineage pond --id 99999999
expect_fail 2 "--id must be a candidate id or 'solution'" -- lineage pond --id x12
expect_fail 1 "the run has no solution" -- lineage pond --id solution
expect_fail 1 "nowhere" -- lineage nowhere --id 1

# ---- fish: the nearest stones, a refinement within its budget, answer.json, genome.json, answer.png.
before=$(snapshot pond)
echo "$before" >"$TMP/before"
expect_ok fish pond --target 100,60 --refine 500 --seed 1 --out f1
expect_contains "$OUT" "demand: end within 5 of (100, 60)"
expect_files f1 answer.json genome.json answer.png
expect_png f1/answer.png
python3 - f1/answer.json <<'PY' || fail "answer.json does not hold a sound report"
import json, math, sys
j = json.load(open(sys.argv[1]))
stones = j["stones"]
assert len(stones) == 5 and all(a["score"] >= b["score"] for a, b in zip(stones, stones[1:]))
for s in stones:  # a score is minus the distance to the target
    assert abs(s["score"] + math.dist(s["descriptor"], [100, 60])) < 1e-9
assert j["evaluations"] <= 500
assert j["answer"]["score"] >= stones[0]["score"]
assert j["met"] == (j["answer"]["score"] >= -5)
assert j["answer"]["solution"]["format"] == "pond-neat-genome"
PY
# The same answer with two threads.
expect_ok fish pond --target 100,60 --refine 500 --seed 1 --threads 2 --out f2
python3 - f1/answer.json f2/answer.json <<'PY' || fail "fish gives another answer with two threads"
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
a.pop("seconds"); b.pop("seconds")
assert a == b
PY

# A demand file: the same demand as JSON.
echo '{"target": [100, 60], "tolerance": 5}' >demand.json
expect_ok fish pond --demand demand.json --refine 500 --seed 1 --out f3
python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); a.pop("seconds"); b.pop("seconds"); assert a == b' \
  f1/answer.json f3/answer.json || fail "a demand file and --target differ"

# Bad demands: one clear line, and the pond is left as it was.
expect_fail 1 "coordinate 1 = 300 lies outside the descriptor bounds" -- fish pond --target 100,300
expect_fail 2 "--target must be numbers" -- fish pond --target 100,x
expect_fail 2 "--target X,Y or --demand FILE" -- fish pond
expect_fail 1 "has 3 coordinates" -- fish pond --target 1,2,3
echo '{"goal": [1, 2]}' >bad.json
expect_fail 1 "bad.json: unknown field 'goal'" -- fish pond --demand bad.json
echo '{"target": [1, 2' >broken.json
expect_fail 1 "broken.json: not valid JSON" -- fish pond --demand broken.json
expect_same_snapshot "$TMP/before" pond "failed fishing"
mkdir fresh
expect_ok run sphere --dim 4 --evals 1000 --batch 50 --emitters 1 --resolution 10,10 -q --no-plots --out fresh/run
rm fresh/run/checkpoint.bin
expect_fail 1 "no checkpoint" -- fish fresh/run --target 0,0

# ---- The arm: a CVT pond, an answer's pose, a linear demand, and a lineage over the Voronoi heatmap.
expect_ok run arm --joints 10 --algo cvt-map-elites --cells 400 --cvt-samples 4000 --evals 20000 --batch 100 --emitters 2 \
  --seed 3 -q --no-plots --out arm
expect_ok fish arm --target 3,4 --refine 300 --out arm-fish
expect_contains "$OUT" "end within 0.2 of (3, 4)"
expect_png arm-fish/answer.png
expect_no_files arm-fish genome.json
echo '{"maximize": {"descriptor": [1, 0]}, "at_least": 9.5}' >reach.json
expect_ok fish arm --demand reach.json --k 3
expect_contains "$OUT" "served"
best=$(json_get arm/archive.json 'max(j["elites"], key=lambda e: e["objective"])["id"]')
expect_ok lineage arm --id "$best"
expect_png "arm/lineage-$best.png"

# ---- bench unforeseen: the table and files, and the same demands' outcomes with two threads.
args=(--pond-evals 3000 --goals 6 --refine 250 --full-plans 1 --arm-joints 5 --arm-pond-evals 5000 --arm-targets 20
  --arm-refine 100 --arm-full-plans 1 --seed 2)
expect_ok bench unforeseen "${args[@]}" -o b1
expect_contains "$OUT" "maze hard"
expect_contains "$OUT" "arm 5"
expect_files b1 table.txt demands.csv maze_goals.png arm_targets.png
expect_ok bench unforeseen "${args[@]}" --threads 2 -o b2
diff <(cut -d, -f1-9 b1/demands.csv) <(cut -d, -f1-9 b2/demands.csv) >&2 || fail "bench unforeseen differs with two threads"
expect_eq "$(wc -l <b1/demands.csv)" "$((1 + 6 + 6 + 1 + 20 + 20 + 1))" "demand rows"
expect_fail 1 "already exists" -- bench unforeseen "${args[@]}" -o b1
