#!/usr/bin/env bash
# The library's MPI API in a user's program (examples/mpi_arm.cpp): one process and three ranks print
# the same archive (elites and QD score to 17 digits).
source "$(dirname "$0")/mpi_lib.sh"
EXAMPLE=${3:?usage: $0 POND MPIRUN EXAMPLE}
cd "$TMP"

timeout -k 5 "$POND_TIMEOUT" "$EXAMPLE" --small >one.txt
timeout -k 5 "$POND_TIMEOUT" "$MPIRUN" -np 3 --oversubscribe --allow-run-as-root "$EXAMPLE" --small >three.txt
expect_contains one.txt "ranks 1: 25600 evaluations"
expect_contains three.txt "ranks 3: 25600 evaluations"
expect_eq "$(sed 's/^ranks [0-9]*//' three.txt)" "$(sed 's/^ranks [0-9]*//' one.txt)" "archive printed by 1 process vs 3 ranks"
