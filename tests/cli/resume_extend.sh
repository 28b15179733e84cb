#!/usr/bin/env bash
# `pond resume DIR --evals LARGER` extends a finished run: the result equals a run made with the larger
# budget from the start. (Budgets here are whole iterations, 540 candidates, and whole report
# intervals: a budget that ends part-way through an iteration cuts its last batch short, by design, so
# a run extended from it differs from a run that never stopped.)
source "$(dirname "$0")/lib.sh"

common=(--dim 8 --report-every 2160 --seed 21 --no-plots -q)
for algo in map-elites novelty; do
  expect_ok run sphere --algo "$algo" "${common[@]}" --evals 21600 --out "$algo-extended"
  expect_ok resume "$algo-extended" --evals 32400 -q --no-plots
  expect_contains "$OUT" "32400 evaluations (resumed at 21600)"
  expect_ok resume "$algo-extended" --evals 43200 -q --no-plots --threads 2
  expect_contains "$OUT" "43200 evaluations (resumed at 32400)"
  expect_ok run sphere --algo "$algo" "${common[@]}" --evals 43200 --out "$algo-direct"
  for file in archive.bin archive.json; do
    expect_same_bytes "$algo-direct/$file" "$algo-extended/$file" "$algo: extended vs direct run"
  done
  [[ "$algo" != novelty ]] || expect_same_bytes "$algo-direct/result_archive.bin" "$algo-extended/result_archive.bin" \
    "$algo: extended vs direct run"
  expect_same_metrics "$algo-direct/metrics.csv" "$algo-extended/metrics.csv"
  expect_eq "$(grep -v '"threads":' "$algo-extended/run.json")" "$(grep -v '"threads":' "$algo-direct/run.json")" \
    "$algo: run.json of the extended run"
  expect_eq "$(json_get "$algo-extended/run.json" 'j["config"]["evals"]')" 43200 "$algo: budget in run.json"
  # KNOWN BUG: `pond resume --threads 2` is for that session only (run_directory.hpp set_threads), but
  # drive_run() saves the session's config to run.json on every resume (src/run/driver.cpp).
  threads=$(json_get "$algo-extended/run.json" 'j["config"]["threads"]')
  [[ "$threads" == 1 ]] || known_bug "$algo: after 'pond resume --threads 2', run.json says \"threads\": $threads (expected the run's 1)"
  expect_ok info "$algo-extended"
  expect_contains "$OUT" "progress:       43200 of 43200 evaluations (finished)"
done

# Plots are redrawn after an extension.
expect_ok resume map-elites-extended --evals 54000 -q
expect_png map-elites-extended/heatmap.png
expect_png map-elites-extended/progress.png
expect_eq "$(tail -1 map-elites-extended/metrics.csv | cut -d, -f1)" 54000 "last metrics row after --evals 54000"

# Resuming a finished run without --evals, or with its own budget, changes no result.
d=map-elites-direct
snapshot "$d" | grep -v checkpoint.bin >"$TMP/direct.sums"
expect_ok resume "$d" -q --no-plots
expect_contains "$OUT" "43200 evaluations (resumed at 43200)"
expect_ok resume "$d" -q --no-plots --evals 43200
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
expect_fail 1 "43200" "21600" -- resume "$d" --evals 21600 -q --no-plots
expect_same_snapshot "$TMP/direct.sums" "$d" "after pond resume --evals 21600 on a run of 43200 evaluations"
expect_ok info "$d"
expect_contains "$OUT" "progress:       43200 of 43200 evaluations (finished)"
