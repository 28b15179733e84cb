#!/usr/bin/env bash
# The MPI scaling table: runs build/bench/pond_mpi_scaling under mpirun with 1 and 2 ranks and prints
# parallel efficiency (5 ms maze evaluations) and rank 0's dispatch rate (trivial evaluations).
# usage: bench/mpi_scaling.sh [BUILD_DIR] [extra flags for pond_mpi_scaling, e.g. --generations 4]
set -euo pipefail
build=${1:-build}
shift || true
program=$build/bench/pond_mpi_scaling
[[ -x $program ]] || { echo "mpi_scaling: build $program first (cmake --build $build --target pond_mpi_scaling)" >&2; exit 1; }
run() { mpirun -np "$1" --oversubscribe --allow-run-as-root "$program" "${@:2}"; }
one=$(run 1 "$@")
two=$(run 2 "$@")
value() { sed -n "s/.*$2=\([^ ]*\).*/\1/p" <<<"$1"; }
maze1=$(grep '^maze' <<<"$one"); maze2=$(grep '^maze' <<<"$two")
t1=$(value "$maze1" seconds); t2=$(value "$maze2" seconds)
echo "| measurement | 1 rank | 2 ranks | |"
echo "|---|--:|--:|---|"
echo "| maze, $(value "$maze1" evaluations) evaluations: wall s | $t1 | $t2 | parallel efficiency $(python3 -c "print(f'{$t1 / (2 * $t2) * 100:.1f} %')") |"
echo "| maze: ms per evaluation (wall × ranks / evaluations) | $(value "$maze1" ms_per_evaluation) | $(value "$maze2" ms_per_evaluation) | |"
while read -r line; do
  chunk=$(value "$line" chunk)
  label=$([[ $chunk == 0 ]] && echo "default chunks" || echo "chunks of $chunk")
  echo "| dispatch, $label: evaluations handed out per s | | $(value "$line" handed_out_per_s) | $(value "$line" bytes_per_evaluation) message bytes per evaluation |"
done < <(grep '^dispatch' <<<"$two")
