#!/usr/bin/env bash
# Distributed evaluation gives the archive of one process, bit for bit: real vectors and NEAT genomes,
# with threads inside the ranks too, for run and for resume.
source "$(dirname "$0")/mpi_lib.sh"
cd "$TMP"

common=(--evals 21600 --report-every 5400 --no-plots -q)
expect_ok run sphere --dim 20 --seed 5 "${common[@]}" --out one
expect_mpi_ok 3 run sphere --dim 20 --seed 5 "${common[@]}" --out three
expect_same_bytes one/archive.bin three/archive.bin "sphere: 1 process vs 3 ranks"
expect_same_metrics one/metrics.csv three/metrics.csv
expect_mpi_ok 2 run sphere --dim 20 --seed 5 "${common[@]}" --threads 2 --out two-threads
expect_same_bytes one/archive.bin two-threads/archive.bin "sphere: 1 process vs 2 ranks x 2 threads"
expect_contains "$OUT" "21600 evaluations"

# Large chunks (hundreds of 100-D candidates, beyond MPI's eager message size) must not deadlock.
big=(--dim 100 --batch 6000 --emitters 2 --evals 36000 --seed 6 --no-plots -q)
expect_ok run sphere "${big[@]}" --out big-one
expect_mpi_ok 3 run sphere "${big[@]}" --out big-three
expect_same_bytes big-one/archive.bin big-three/archive.bin "sphere, large chunks: 1 process vs 3 ranks"

# NEAT genomes travel too: novelty search on the medium maze, its archive and measuring grid.
neat=(--map medium --seed 2 --evals 10000 --no-plots -q)
expect_ok run maze "${neat[@]}" --out maze-one
expect_mpi_ok 3 run maze "${neat[@]}" --out maze-three
expect_same_bytes maze-one/archive.bin maze-three/archive.bin "maze: 1 process vs 3 ranks"
expect_same_bytes maze-one/result_archive.bin maze-three/result_archive.bin "maze result archive: 1 vs 3"
expect_files maze-three maze.png

# XOR stops at its first solution; the same one.
expect_ok run xor --seed 3 --no-plots -q --out xor-one
expect_mpi_ok 2 run xor --seed 3 --no-plots -q --out xor-two
expect_same_bytes xor-one/solution.json xor-two/solution.json "xor solution: 1 vs 2 ranks"

# Resume under mpirun: extend the sphere run.
expect_ok resume one --evals 32400 -q --no-plots
expect_mpi_ok 3 resume three --evals 32400 -q --no-plots
expect_same_bytes one/archive.bin three/archive.bin "sphere extended: 1 process vs 3 ranks"

# A run that cannot start says so once (from rank 0) and leaves nothing waiting.
run_mpi 3 run sphere --dim 20 --seed 5 "${common[@]}" --out one
((RC != 0)) || fail "a run into an existing directory exited 0 under mpirun"
expect_contains "$ERR" "pond: error:"
expect_eq "$(grep -c 'pond: error:' "$ERR")" 1 "error lines from 3 ranks"
