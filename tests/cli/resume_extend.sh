#!/usr/bin/env bash
# `pond resume DIR --evals LARGER` extends a finished run: the result equals a run made with the larger
# budget from the start. (Budgets here are whole iterations, 120 candidates, and whole report
# intervals: a budget that ends part-way through an iteration cuts its last batch short, by design, so
# a run extended from it differs from a run that never stopped.)
source "$(dirname "$0")/lib.sh"

common=(--dim 8 --batch 120 --emitters 4 --report-every 480 --seed 21 --no-plots -q)
for algo in map-elites novelty; do
  expect_ok run sphere --algo "$algo" "${common[@]}" --evals 4800 --out "$algo-extended"
  expect_ok resume "$algo-extended" --evals 7200 -q --no-plots
  expect_contains "$OUT" "7200 evaluations (resumed at 4800)"
  expect_ok resume "$algo-extended" --evals 9600 -q --no-plots --threads 2
  expect_contains "$OUT" "9600 evaluations (resumed at 7200)"
  expect_ok run sphere --algo "$algo" "${common[@]}" --evals 9600 --out "$algo-direct"
  for file in archive.bin archive.json; do
    expect_same_bytes "$algo-direct/$file" "$algo-extended/$file" "$algo: extended vs direct run"
  done
  [[ "$algo" != novelty ]] || expect_same_bytes "$algo-direct/result_archive.bin" "$algo-extended/result_archive.bin" \
    "$algo: extended vs direct run"
  expect_same_metrics "$algo-direct/metrics.csv" "$algo-extended/metrics.csv"
  expect_eq "$(grep -v '"threads":' "$algo-extended/run.json")" "$(grep -v '"threads":' "$algo-direct/run.json")" \
    "$algo: run.json of the extended run"
  expect_eq "$(json_get "$algo-extended/run.json" 'j["config"]["evals"]')" 9600 "$algo: budget in run.json"
  # KNOWN BUG: `pond resume --threads 2` is for that session only (run_directory.hpp set_threads), but
  # drive_run() saves the session's config to run.json on every resume (src/run/driver.cpp).
  threads=$(json_get "$algo-extended/run.json" 'j["config"]["threads"]')
  [[ "$threads" == 1 ]] || known_bug "$algo: after 'pond resume --threads 2', run.json says \"threads\": $threads (expected the run's 1)"
  expect_ok info "$algo-extended"
  expect_contains "$OUT" "progress:       9600 of 9600 evaluations (finished)"
done

# Plots are redrawn after an extension.
expect_ok resume map-elites-extended --evals 12000 -q
expect_png map-elites-extended/heatmap.png
expect_png map-elites-extended/progress.png
expect_eq "$(tail -1 map-elites-extended/metrics.csv | cut -d, -f1)" 12000 "last metrics row after --evals 12000"

# Resuming a finished run without --evals, or with its own budget, changes no result.
d=map-elites-direct
snapshot "$d" | grep -v checkpoint.bin >"$TMP/direct.sums"
expect_ok resume "$d" -q --no-plots
expect_contains "$OUT" "9600 evaluations (resumed at 9600)"
expect_ok resume "$d" -q --no-plots --evals 9600
expect_eq "$(snapshot "$d" | grep -v checkpoint.bin)" "$(cat "$TMP/direct.sums")" "files after resuming a finished run"

# Bad budgets.
snapshot "$d" >"$TMP/direct.sums"
expect_fail 2 "--evals" "positive" -- resume "$d" --evals 0
expect_fail 2 "--evals" -- resume "$d" --evals -5
expect_fail 2 "--evals" -- resume "$d" --evals many
expect_fail 2 "--evals" -- resume "$d" --evals 5e4
expect_fail 2 "--threads" -- resume "$d" --threads x
expect_fail 2 "--threads" -- resume "$d" --threads -1
expect_same_snapshot "$TMP/direct.sums" "$d" "after rejected pond resume flags"

# A budget below the evaluations already done is refused, and nothing changes.
expect_fail 1 "9600" "4800" -- resume "$d" --evals 4800 -q --no-plots
expect_same_snapshot "$TMP/direct.sums" "$d" "after pond resume --evals 4800 on a run of 9600 evaluations"
expect_ok info "$d"
expect_contains "$OUT" "progress:       9600 of 9600 evaluations (finished)"
