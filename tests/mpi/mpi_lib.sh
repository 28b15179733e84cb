# Helpers of the MPI tests, on top of tests/cli/lib.sh:  bash tests/mpi/SCRIPT.sh PATH/TO/pond PATH/TO/mpirun
MPIRUN=${2:?usage: $0 PATH/TO/pond PATH/TO/mpirun}
# A sanitizer build is slower, and three ranks share two cores.
POND_TIMEOUT=${POND_TIMEOUT:-300}
source "$(dirname "$0")/../cli/lib.sh"

# run_mpi N ARGS...: mpirun -np N pond ARGS; output in $OUT/$ERR; sets RC (never fails itself).
run_mpi() {
  local ranks=$1
  shift
  RC=0
  timeout -k 5 "$POND_TIMEOUT" "$MPIRUN" -np "$ranks" --oversubscribe --allow-run-as-root \
    "$POND" "$@" >"$OUT" 2>"$ERR" </dev/null || RC=$?
  return 0
}

# expect_mpi_ok N ARGS...: must exit 0.
expect_mpi_ok() {
  run_mpi "$@"
  if ((RC != 0)); then
    show_output
    fail "'mpirun -np $1 pond ${*:2}' exited with $RC, expected 0"
    return 1
  fi
}
