#!/usr/bin/env bash
# A worker whose evaluation throws stops the run with a message naming the rank and the candidate,
# after a checkpoint; `pond resume`, with or without MPI, then ends with the uninterrupted run's archive.
source "$(dirname "$0")/mpi_lib.sh"
cd "$TMP"

common=(--dim 20 --seed 8 --evals 21600 --report-every 5400 --no-plots -q)
expect_ok run sphere "${common[@]}" --out reference

# POND_MPI_FAIL_AFTER=N: each worker fails on its (N+1)-th evaluation.
POND_MPI_FAIL_AFTER=2000 run_mpi 3 run sphere "${common[@]}" --out failed
((RC == 1)) || { show_output; fail "the failing run exited with $RC, expected 1"; }
expect_contains "$ERR" "pond: error: MPI rank"
expect_contains "$ERR" "failed evaluating candidate"
expect_contains "$ERR" "injected failure"
expect_files failed checkpoint.bin run.json metrics.csv
expect_no_files failed archive.bin

# Resume on one process.
cp -r failed failed-copy
expect_ok resume failed -q --no-plots
expect_same_bytes reference/archive.bin failed/archive.bin "resumed without MPI vs uninterrupted"
expect_same_metrics reference/metrics.csv failed/metrics.csv

# Resume under mpirun (no failure this time).
expect_mpi_ok 3 resume failed-copy -q --no-plots
expect_same_bytes reference/archive.bin failed-copy/archive.bin "resumed with 3 ranks vs uninterrupted"

# A rank that dies (killed) ends the job; mpirun names it. The last periodic checkpoint remains, and
# resuming from it ends with the uninterrupted run's archive.
long=(--dim 50 --seed 4 --evals 1080000 --checkpoint-every 0.2 --no-plots -q)
expect_ok run sphere "${long[@]}" --out long-reference
timeout -k 5 "$POND_TIMEOUT" "$MPIRUN" -np 3 --oversubscribe --allow-run-as-root "$POND" run sphere "${long[@]}" --out killed \
  >killed.out 2>killed.err &
job=$!
BACKGROUND_PIDS+=("$job")
for _ in $(seq 600); do [[ -s killed/checkpoint.bin ]] && break; sleep 0.1; done
expect_files killed checkpoint.bin
victim=""
for pid in $(pgrep -f "pond run sphere.*--out killed" || true); do
  if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=1"; then victim=$pid; fi
done
[[ -n $victim ]] || fail "found no rank 1 to kill (did the run end already?)"
kill -9 "$victim"
wait_background "$job"
((RC != 0)) || fail "the job went on after rank 1 was killed"
grep -q "rank 1" killed.err || { cat killed.err >&2; fail "mpirun's message does not name rank 1"; }
expect_no_files killed archive.bin
expect_ok resume killed -q --no-plots
expect_same_bytes long-reference/archive.bin killed/archive.bin "resumed after a killed rank vs uninterrupted"
