#!/usr/bin/env bash
# `pond run --config FILE.json`: fields from the file, flags overriding them (as recorded in run.json),
# and bad files: one error line naming the file (and the field), exit 1, no run directory.
source "$(dirname "$0")/lib.sh"

CONFIGS="$TMP/configs"
mkdir "$CONFIGS"
# config NAME JSON-TEXT: writes $CONFIGS/NAME.json (printf: the text is written exactly, no newline added).
config() { printf '%s' "$2" >"$CONFIGS/$1.json"; }

# ---- Fields from the file.
config good '{"task": "arm", "joints": 10, "algo": "random", "evals": 5000, "seed": 7, "report_every": 1000,
  "sigma": 0.3, "resolution": [20, 30], "checkpoint_every": 5, "batch": 100, "emitters": 4}'
expect_ok run --config "$CONFIGS/good.json" -q --no-plots --out from-file
expect_contains "$OUT" "pond arm random (seed 7): 5000 evaluations"
expect_eq "$(json_get from-file/run.json 'sorted((k, v) for k, v in j["config"].items() if k in
  ("task", "joints", "algo", "evals", "seed", "report_every", "sigma", "resolution", "checkpoint_every", "batch", "emitters"))')" \
  "[('algo', 'random'), ('batch', 100), ('checkpoint_every', 5.0), ('emitters', 4), ('evals', 5000), ('joints', 10), ('report_every', 1000), ('resolution', [20, 30]), ('seed', 7), ('sigma', 0.3), ('task', 'arm')]" \
  "run.json config from the file"
expect_eq "$(tail -1 from-file/metrics.csv | cut -d, -f1,2)" "5000,50" "last metrics row (evaluations, iterations)"
expect_eq "$(metrics_column from-file/metrics.csv 1 | head -1)" 1000 "first metrics row"
expect_ok info from-file
expect_contains "$OUT" "algorithm:      random (4 emitters, 100 candidates per iteration)"
expect_contains "$OUT" " in 600 cells"

# ---- Flags override the file: the task, algo, evals, seed, batch, and a field the file does not have.
expect_ok run sphere --config "$CONFIGS/good.json" --algo map-elites --evals 3000 --seed 9 --batch 60 --dim 12 \
  --resolution 10,10 -q --no-plots --out overridden
expect_contains "$OUT" "pond sphere map-elites (seed 9): 3000 evaluations"
expect_eq "$(json_get overridden/run.json 'sorted((k, v) for k, v in j["config"].items() if k in
  ("task", "dim", "joints", "algo", "evals", "seed", "report_every", "sigma", "resolution", "batch", "emitters"))')" \
  "[('algo', 'map-elites'), ('batch', 60), ('dim', 12), ('emitters', 4), ('evals', 3000), ('joints', 10), ('report_every', 1000), ('resolution', [10, 10]), ('seed', 9), ('sigma', 0.3), ('task', 'sphere')]" \
  "run.json config with flags over the file"

# The recorded config is complete: run.json's config, used as a config file, makes the same run.
json_get overridden/run.json 'json.dumps(j["config"])' >"$CONFIGS/recorded.json"
expect_ok run --config "$CONFIGS/recorded.json" -q --no-plots --out replayed
expect_same_bytes overridden/archive.bin replayed/archive.bin "a run from run.json's config"
expect_same_bytes overridden/run.json replayed/run.json "run.json of a run from run.json's config"
rm -rf from-file overridden replayed

# ---- Bad files. bad_config NAME JSON-TEXT PATTERN...: `pond run --config NAME.json` fails with exit 1
# and one line naming the file and every PATTERN; nothing is created.
bad_config() {
  local name=$1 text=$2
  shift 2
  config "$name" "$text"
  expect_fail 1 "$CONFIGS/$name.json" "$@" -- run --config "$CONFIGS/$name.json" --out "out-$name" -q
  expect_eq "$(ls -A)" "" "files left by a rejected $name.json"
}
bad_config malformed '{evals: 5}' "not valid JSON"
bad_config truncated '{"task": "sphere", "evals": 5' "not valid JSON"
bad_config empty '' "not valid JSON"
bad_config trailing '{"task": "sphere"} x' "not valid JSON"
bad_config array '["sphere", 5]' "must be a JSON object"
bad_config string '"sphere"' "must be a JSON object"
bad_config number '5' "must be a JSON object"
bad_config unknown '{"task": "sphere", "evalz": 5}' "unknown field 'evalz'"
bad_config evals_text '{"task": "sphere", "evals": "many"}' "field 'evals'" '"many"'
bad_config evals_float '{"task": "sphere", "evals": 2.5}' "field 'evals'" "2.5"
bad_config evals_negative '{"task": "sphere", "evals": -5}' "field 'evals'" "-5"
bad_config evals_zero '{"task": "sphere", "evals": 0}' "field 'evals'" "0"
bad_config evals_bool '{"task": "sphere", "evals": true}' "field 'evals'"
bad_config seed_negative '{"task": "sphere", "seed": -1}' "field 'seed'"
bad_config threads_negative '{"task": "sphere", "threads": -2}' "field 'threads'"
bad_config dim_one '{"task": "sphere", "dim": 1}' "field 'dim'"
bad_config joints_zero '{"task": "arm", "joints": 0}' "field 'joints'"
bad_config sigma_zero '{"task": "sphere", "sigma": 0}' "field 'sigma'"
bad_config sigma_negative '{"task": "sphere", "sigma": -1.5}' "field 'sigma'" "-1.5"
bad_config sigma_text '{"task": "sphere", "sigma": "big"}' "field 'sigma'"
bad_config sigma_line_negative '{"task": "sphere", "sigma_line": -0.1}' "field 'sigma_line'"
bad_config checkpoint_zero '{"task": "sphere", "checkpoint_every": 0}' "field 'checkpoint_every'"
bad_config resolution_1d '{"task": "sphere", "resolution": [100]}' "field 'resolution'"
bad_config resolution_zero '{"task": "sphere", "resolution": [0, 5]}' "field 'resolution'"
bad_config resolution_number '{"task": "sphere", "resolution": 100}' "field 'resolution'"
bad_config task_unknown '{"task": "cube"}' "field 'task'" "cube"
bad_config task_number '{"task": 3}' "field 'task'"
bad_config algo_unknown '{"task": "sphere", "algo": "hill-climbing"}' "field 'algo'" "hill-climbing"
bad_config batch_small '{"task": "sphere", "batch": 10, "emitters": 15}' "field 'batch'"
bad_config cvt_samples_small '{"task": "sphere", "cells": 100, "cvt_samples": 10}' "field 'cvt_samples'"
config no_task '{"evals": 100}'
expect_fail 1 "name a task" -- run --config "$CONFIGS/no_task.json" --out out -q
expect_eq "$(ls -A)" "" "files left by a config without a task"

expect_fail 1 "$CONFIGS/missing.json" -- run sphere --config "$CONFIGS/missing.json" --out out
expect_eq "$(ls -A)" "" "files left by a missing config file"

# ---- A bad flag value given with a config file: the message blames the flag, not the file (which
# says "evals": 5000); a usage error.
expect_fail 2 "--evals" "command line" -- run --config "$CONFIGS/good.json" --evals 0 --out out -q
expect_eq "$(ls -A)" "" "files left by a rejected --evals"
! grep -qF "good.json" "$ERR" || fail "a bad --evals is reported as a field of the config file: $(cat "$ERR")"
# ... and a bad file field is still blamed on the file when flags are given too.
config bad_sigma '{"task": "sphere", "sigma": -2}'
expect_fail 1 "$CONFIGS/bad_sigma.json" "field 'sigma'" -- run --config "$CONFIGS/bad_sigma.json" --evals 100 --out out -q
expect_eq "$(ls -A)" "" "files left by a rejected bad_sigma.json"
# ... unless the flag replaces it.
expect_ok run --config "$CONFIGS/bad_sigma.json" --sigma 0.2 --evals 100 --dim 4 -q --no-plots --out fixed
expect_eq "$(json_get fixed/run.json 'j["config"]["sigma"]')" 0.2 "sigma from the flag over a bad file value"
rm -rf fixed

# ---- Every flag of `pond run --help` has its config field, named as the help says: "the flag names
# with '_' for '-'" (an unknown field's error lists the known ones).
config unknown_field '{"no_such_field": 1}'
expect_fail 1 "known fields:" -- run sphere --config "$CONFIGS/unknown_field.json" --out out
known_fields=$(sed 's/.*known fields: \(.*\))$/\1/' "$ERR" | tr -d ' ' | tr ',' '\n')
expect_ok run --help
flags=$(grep -oE '^ +(-[a-z],)?--[a-z-]+' "$OUT" | sed 's/.*--//' | grep -vxE 'help|config|out|quiet|no-plots')
[[ $(wc -w <<<"$flags") -ge 15 ]] || fail "too few flags found in pond run --help: $flags"
for flag in $flags; do
  grep -qx "${flag//-/_}" <<<"$known_fields" ||
    fail "flag --$flag has no config field '${flag//-/_}' (known: $(tr "\n" " " <<<"$known_fields"))"
done
# And each such field works in a file (the value is the one run.json records).
config all_fields '{"task": "sphere", "algo": "cvt-map-elites", "evals": 600, "batch": 60, "emitters": 3,
  "seed": 2, "threads": 2, "dim": 4, "joints": 7, "sigma": 0.4, "sigma_iso": 0.3, "sigma_line": 0.1,
  "resolution": [8, 9], "cells": 50, "cvt_samples": 500, "k": 5, "threshold": 0.7, "report_every": 120,
  "checkpoint_every": 9.5, "stop_when_solved": false}'
expect_ok run --config "$CONFIGS/all_fields.json" -q --no-plots --out all-fields
python3 - "$CONFIGS/all_fields.json" all-fields/run.json <<'PY' || fail "run.json does not record the file's fields"
import json, sys
given, recorded = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))["config"]
assert sorted(recorded) == sorted(given), (sorted(recorded), sorted(given))
for key, value in given.items():
    assert recorded[key] == value, (key, recorded[key], value)
PY

# ---- The NEAT tasks' fields: the same round trip (NEAT options given in part are recorded in full).
config neat_fields '{"task": "maze", "algo": "fitness", "evals": 100, "seed": 2, "threads": 2,
  "resolution": [10, 12], "k": 5, "threshold": 3.5, "report_every": 50, "checkpoint_every": 9.5,
  "map": "medium", "population": 50, "neat": {"c3": 2.5, "add_node_prob": 0.01}, "stop_when_solved": false}'
expect_ok run --config "$CONFIGS/neat_fields.json" -q --no-plots --out neat-fields
python3 - "$CONFIGS/neat_fields.json" neat-fields/run.json <<'PY' || fail "run.json does not record the NEAT fields"
import json, sys
given, recorded = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))["config"]
assert sorted(recorded) == sorted(given), (sorted(recorded), sorted(given))
for key, value in given.items():
    if key != "neat":
        assert recorded[key] == value, (key, recorded[key], value)
for key, value in given["neat"].items():
    assert recorded["neat"][key] == value, (key, recorded["neat"][key], value)
assert recorded["neat"]["population"] == 50 and recorded["neat"]["c1"] == 1.0
PY
# A vector task's field on a NEAT task, and a NEAT field on a vector task, are errors naming the field.
expect_fail 2 "--sigma does not apply to the NEAT task 'maze'" -- run maze --sigma 0.3 --out out
expect_fail 2 "--population applies only to the NEAT tasks" -- run sphere --population 20 --out out
expect_fail 2 "--neat unknown NEAT option 'c9'" -- run maze --neat '{"c9": 1}' --out out
expect_fail 2 "--neat expects JSON" -- run maze --neat '{c3: 1}' --out out
expect_fail 2 "--algo must be novelty, fitness or random" -- run maze --algo map-elites --out out
expect_fail 2 "--algo 'fitness' selects a NEAT population" -- run arm --algo fitness --out out
expect_fail 1 "no-such-maze.txt" -- run maze --map no-such-maze.txt --out out
[[ ! -e out ]] || fail "a failed run left its directory behind"
