#!/usr/bin/env bash
# A run stopped by kill -9, or by SIGTERM / SIGINT (exit 130, checkpoint written), and continued with
# `pond resume` ends with exactly the archive and metrics of an uninterrupted run with the same seed.
source "$(dirname "$0")/lib.sh"

# Big enough to be stopped part-way (about 2 s in a release build, more with sanitizers); checkpoints
# every 0.2 s and a metrics row every 20,000 evaluations (50 rows).
EVALS=1000000
cfg=(sphere --dim 100 --evals $EVALS --report-every 20000 --checkpoint-every 0.2 --seed 4 --no-plots -q)

rows() { if [[ -f "$1/metrics.csv" ]]; then echo $(($(wc -l <"$1/metrics.csv") - 1)); else echo 0; fi; }
# progressed DIR ROWS: a checkpoint was written and metrics.csv has at least ROWS rows.
progressed() { [[ -f "$1/checkpoint.bin" ]] && (($(rows "$1") >= $2)); }
# wait_progress PID DIR ROWS: waits until the run PID (writing DIR) has checkpointed and written ROWS rows.
wait_progress() {
  local deadline=$((SECONDS + 120))
  until progressed "$2" "$3"; do
    kill -0 "$1" 2>/dev/null || { cat "$TMP"/*_pid.err >&2; fail "the run in $2 ended early"; return 1; }
    ((SECONDS < deadline)) || { fail "no progress in $2 after 120 s"; return 1; }
    sleep 0.05
  done
}
# The run in DIR has not finished yet (if it has, the budget is too small for this machine).
still_running() {
  [[ ! -e "$1/archive.bin" ]] || fail "the run in $1 finished before it could be stopped; raise EVALS"
}
# same_as_reference DIR: the archive, metrics and run.json of DIR are those of the uninterrupted run.
same_as_reference() {
  expect_files "$1" archive.bin archive.json checkpoint.bin
  expect_same_bytes reference/archive.bin "$1/archive.bin" "$2: archive.bin"
  expect_same_bytes reference/archive.json "$1/archive.json" "$2: archive.json"
  # (threads: see the check after the kill -9 case)
  expect_eq "$(grep -v '"threads":' "$1/run.json")" "$(grep -v '"threads":' reference/run.json)" "$2: run.json"
  expect_same_metrics reference/metrics.csv "$1/metrics.csv"
  expect_eq "$(rows "$1")" "$(rows reference)" "$2: metrics rows"
}
# resumed_at: the evaluation count in "(resumed at N)" of the last summary.
resumed_at() { sed -n 's/.*(resumed at \([0-9]*\)).*/\1/p' "$OUT"; }

# The uninterrupted run, alongside the others.
start_background reference_pid run "${cfg[@]}" --out reference

# ---- kill -9, then resume (with another number of threads, which changes nothing).
start_background killed_pid run "${cfg[@]}" --out killed
wait_progress "$killed_pid" killed 12
still_running killed
kill -9 "$killed_pid"
wait_background "$killed_pid"
expect_eq "$RC" 137 "exit status of the killed run"
expect_files killed run.json metrics.csv checkpoint.bin
expect_no_files killed archive.bin archive.json
expect_ok info killed
expect_contains "$OUT" "(resumable)"
expect_fail 1 "killed" "no archive.bin" -- plot killed
expect_ok resume killed -q --no-plots --threads 2
expect_contains "$OUT" "pond sphere map-elites (seed 4): $EVALS evaluations (resumed at "
at=$(resumed_at)
((at > 0 && at < EVALS)) || fail "resumed at '$at'"

wait_background "$reference_pid"
expect_eq "$RC" 0 "exit status of the reference run"
expect_eq "$(tail -1 reference/metrics.csv | cut -d, -f1)" $EVALS "last metrics row of the reference run"
same_as_reference killed "kill -9 + resume"
# `pond resume --threads N` is for that session only: run.json keeps the run's own value
# (include/pond/run/run_directory.hpp, set_threads; `pond resume --help`: "for this session").
# KNOWN BUG: src/run/driver.cpp drive_run() now calls run.save_config() on every resume, after the CLI
# has put the session's --threads into the config, so run.json says "threads": 2 afterwards.
if ! cmp -s reference/run.json killed/run.json; then
  known_bug "pond resume --threads 2 wrote the session's threads into run.json: $(grep '"threads"' killed/run.json | tr -d ' ,')"
fi

# ---- SIGTERM; resume; SIGINT during the resumed run; resume again.
start_background term_pid run "${cfg[@]}" --out signalled
wait_progress "$term_pid" signalled 8
still_running signalled
kill -TERM "$term_pid"
wait_background "$term_pid"
expect_eq "$RC" 130 "exit status after SIGTERM"
expect_eq "$(wc -l <"$TMP/term_pid.err")" 1 "lines on stderr after SIGTERM (-q)"
expect_contains "$TMP/term_pid.err" "pond: interrupted at "
expect_contains "$TMP/term_pid.err" "checkpoint written. Continue with: pond resume signalled"
stopped_at=$(sed -n 's/.*interrupted at \([0-9]*\) evaluations.*/\1/p' "$TMP/term_pid.err")
((stopped_at > 0 && stopped_at < EVALS)) || fail "interrupted at '$stopped_at'"
expect_files signalled checkpoint.bin
expect_no_files signalled archive.bin
expect_ok info signalled
expect_contains "$OUT" "(resumable)"

rows_before=$(rows signalled)
start_background int_pid resume signalled -q --no-plots
wait_progress "$int_pid" signalled $((rows_before + 8))
still_running signalled
kill -INT "$int_pid"
wait_background "$int_pid"
expect_eq "$RC" 130 "exit status after SIGINT"
expect_contains "$TMP/int_pid.err" "checkpoint written. Continue with: pond resume signalled"
second_stop=$(sed -n 's/.*interrupted at \([0-9]*\) evaluations.*/\1/p' "$TMP/int_pid.err")
((second_stop > stopped_at && second_stop < EVALS)) || fail "second stop at '$second_stop' (first at $stopped_at)"

expect_ok resume signalled -q --no-plots
expect_eq "$(resumed_at)" "$second_stop" "resumed at"
same_as_reference signalled "SIGTERM + resume + SIGINT + resume"

# A finished run resumed again stays as it is (apart from its pictures, here none).
snapshot reference | grep -v checkpoint.bin >"$TMP/reference.sums"
expect_ok resume reference -q --no-plots
expect_contains "$OUT" "$EVALS evaluations (resumed at $EVALS)"
expect_eq "$(snapshot reference | grep -v checkpoint.bin)" "$(cat "$TMP/reference.sums")" "files of a finished run after pond resume"
