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
