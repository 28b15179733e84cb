#!/usr/bin/env bash
# `mpirun -np 3 pond bench deception` spreads whole runs over the ranks and gathers the serial table.
source "$(dirname "$0")/mpi_lib.sh"
cd "$TMP"

bench=(bench deception --map medium --runs 4 --evals 6000 --methods novelty,fitness)
expect_ok "${bench[@]}" --out serial
expect_mpi_ok 3 "${bench[@]}" --out spread
# Every column but the wall time.
expect_eq "$(cut -d, -f1-8 spread/runs.csv)" "$(cut -d, -f1-8 serial/runs.csv)" "runs.csv (without seconds)"
expect_eq "$(grep -E '^(novelty|fitness) ' spread/table.txt | awk '{print $1, $2, $3, $4, $5}')" \
          "$(grep -E '^(novelty|fitness) ' serial/table.txt | awk '{print $1, $2, $3, $4, $5}')" "table rows"
expect_png spread/end_points.png
