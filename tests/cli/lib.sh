# Helpers for the shell-level tests of the `pond` command. Sourced by tests/cli/*.sh, which CTest runs as
#     bash tests/cli/SCRIPT.sh PATH/TO/pond
# Each script gets its own temporary folder (the working directory, removed on exit).
#
# Assertions print "FAIL: ..." and return 1, so under `set -e` the first failed one ends the script.
# A check that fails because of a known defect of pond (not of the test) is written
#     expect_... || known_bug "what is wrong"
# which prints "KNOWN BUG: ..." and lets the script go on; the script still fails at the end.

set -euo pipefail

POND=${1:?usage: $0 PATH/TO/pond}
case "$POND" in /*) ;; *) POND="$PWD/$POND" ;; esac
[[ -x "$POND" ]] || { echo "FAIL: $POND is not an executable" >&2; exit 1; }

# Seconds a single pond command may take before it counts as hung (sanitizer builds are ~3x slower).
POND_TIMEOUT=${POND_TIMEOUT:-120}
# Seconds a command that should fail at once may take (e.g. a rejected flag that starts a run instead).
POND_FAIL_TIMEOUT=${POND_FAIL_TIMEOUT:-20}

HERE=$(cd "$(dirname "$0")" && pwd)   # tests/cli
SCRIPT=$(basename "$0")
TEST_NAME=${TEST_NAME:-${SCRIPT%.sh}}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pond-cli-$TEST_NAME.XXXXXX")
KNOWN_BUGS=0
# Sanitizer builds: fontconfig and cairo keep caches until exit, which LeakSanitizer would report (the
# same suppressions as scripts/test; a caller's own LSAN_OPTIONS wins).
if [[ -z "${LSAN_OPTIONS:-}" && -f "$HERE/../lsan.supp" ]]; then
  export LSAN_OPTIONS="suppressions=$HERE/../lsan.supp:print_suppressions=0"
fi
BACKGROUND_PIDS=()

cleanup() {
  local status=$?
  local pid
  for pid in "${BACKGROUND_PIDS[@]}"; do
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  cd /
  rm -rf "$TMP"
  if ((status == 0 && KNOWN_BUGS > 0)); then
    echo "$TEST_NAME: FAILED ($KNOWN_BUGS known bug(s), see KNOWN BUG lines above)" >&2
    exit 1
  fi
  if ((status != 0)); then
    echo "$TEST_NAME: FAILED" >&2
  else
    echo "$TEST_NAME: passed"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'echo "FAIL: $SCRIPT: command failed at line $LINENO: $BASH_COMMAND" >&2' ERR
# The tests work in $WORK; the helpers keep their own files in $TMP, outside it.
WORK="$TMP/work"
mkdir "$WORK"
cd "$WORK"

# Where the last run_pond / expect_fail / expect_ok put the command's output.
OUT="$TMP/.stdout"
ERR="$TMP/.stderr"

fail() {
  local n=${#BASH_LINENO[@]}
  echo "FAIL: $SCRIPT:${BASH_LINENO[n - 2]}: $*" >&2
  return 1
}

known_bug() {
  local n=${#BASH_LINENO[@]}
  echo "KNOWN BUG: $SCRIPT:${BASH_LINENO[n - 2]}: $*" >&2
  KNOWN_BUGS=$((KNOWN_BUGS + 1))
  return 0
}

# Prints the last command's output (for failure messages).
show_output() {
  echo "---- stdout:" >&2
  head -c 3000 "$OUT" >&2 || true
  echo "---- stderr:" >&2
  tail -c 3000 "$ERR" >&2 || true
  echo "----" >&2
}

# run_pond ARGS...: runs pond with a timeout; output in $OUT/$ERR; sets RC (never fails itself).
run_pond() {
  RC=0
  timeout -k 5 "$POND_TIMEOUT" "$POND" "$@" >"$OUT" 2>"$ERR" || RC=$?
  return 0
}

# expect_ok ARGS...: pond ARGS must exit 0.
expect_ok() {
  run_pond "$@"
  if ((RC != 0)); then
    show_output
    fail "'pond $*' exited with $RC, expected 0"
    return 1
  fi
}

# expect_fail CODE PATTERN... -- ARGS...: pond ARGS must exit with CODE ("nonzero" for any failure),
# print nothing but ONE line on stderr, starting "pond: error: " and containing every PATTERN (fixed
# strings, case-sensitive).
expect_fail() {
  local code=$1
  shift
  local patterns=()
  while (($# > 0)) && [[ "$1" != "--" ]]; do
    patterns+=("$1")
    shift
  done
  [[ "${1:-}" == "--" ]] || { fail "expect_fail: missing '--'"; return 1; }
  shift
  RC=0
  timeout -k 5 "$POND_FAIL_TIMEOUT" "$POND" "$@" >"$OUT" 2>"$ERR" </dev/null || RC=$?
  local ok=1
  if ((RC == 124 || RC == 137)); then
    echo "'pond $*' was still running after ${POND_FAIL_TIMEOUT}s (killed); it should have failed at once" >&2
    ok=0
  elif [[ "$code" == nonzero ]]; then
    ((RC != 0)) || { echo "'pond $*' exited with 0, expected a failure" >&2; ok=0; }
  elif ((RC != code)); then
    echo "'pond $*' exited with $RC, expected $code" >&2
    ok=0
  fi
  local lines
  lines=$(wc -l <"$ERR")
  if ((ok)) && [[ "$lines" -ne 1 ]]; then
    echo "'pond $*': stderr has $lines lines, expected exactly one error line" >&2
    ok=0
  fi
  if ((ok)) && [[ "$(head -c 13 "$ERR")" != "pond: error: " ]]; then
    echo "'pond $*': stderr does not start with 'pond: error: '" >&2
    ok=0
  fi
  local p
  for p in "${patterns[@]}"; do
    if ((ok)) && ! grep -qF -- "$p" "$ERR"; then
      echo "'pond $*': error line does not mention '$p'" >&2
      ok=0
    fi
  done
  if ((!ok)); then
    show_output
    fail "expect_fail $code ${patterns[*]} -- $*"
    return 1
  fi
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
  [[ "$1" == "$2" ]] || { fail "$3: got '$1', expected '$2'"; return 1; }
}

# expect_contains FILE STRING: FILE contains the fixed STRING.
expect_contains() {
  grep -qF -- "$2" "$1" || { echo "---- $1:" >&2; head -c 3000 "$1" >&2; fail "$1 does not contain '$2'"; return 1; }
}

# expect_files DIR NAME...: each file exists and is not empty.
expect_files() {
  local dir=$1 name
  shift
  for name in "$@"; do
    [[ -s "$dir/$name" ]] || { fail "$dir/$name is missing or empty"; return 1; }
  done
}

# expect_no_files DIR NAME...: none of the files exists.
expect_no_files() {
  local dir=$1 name
  shift
  for name in "$@"; do
    [[ ! -e "$dir/$name" ]] || { fail "$dir/$name exists but should not"; return 1; }
  done
}

# expect_absent PATH: nothing at PATH (e.g. no run directory was created).
expect_absent() {
  [[ ! -e "$1" ]] || { fail "$1 was created (contents: $(ls -A "$1" 2>/dev/null | tr '\n' ' '))"; return 1; }
}

# expect_png FILE: starts with the PNG signature.
expect_png() {
  local sig
  sig=$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')
  [[ "$sig" == 89504e470d0a1a0a ]] || { fail "$1 is not a PNG (first bytes: $sig)"; return 1; }
}

# json_get FILE PYTHON-EXPRESSION: prints the expression evaluated with `j` = the parsed file.
json_get() {
  python3 -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# snapshot DIR: one line per file (path and SHA-256), to compare a folder before and after a command.
snapshot() {
  (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
}

# expect_same_snapshot BEFORE-FILE DIR WHAT
expect_same_snapshot() {
  local now
  now=$(snapshot "$2")
  if [[ "$now" != "$(cat "$1")" ]]; then
    diff <(cat "$1") <(echo "$now") >&2 || true
    fail "$3: files in $2 changed"
    return 1
  fi
}

# metrics_column FILE N: column N (1-based) of metrics.csv without the header.
metrics_column() {
  tail -n +2 "$1" | cut -d, -f"$2"
}

# expect_same_metrics A B: same rows, same 'evaluations' (1) and 'qd_score' (5) columns.
expect_same_metrics() {
  if ! diff <(cut -d, -f1,5 "$1") <(cut -d, -f1,5 "$2") >"$TMP/.metrics_diff"; then
    head -20 "$TMP/.metrics_diff" >&2
    fail "metrics.csv differ (evaluations, qd_score): $1 vs $2"
    return 1
  fi
}

# expect_same_bytes A B WHAT
expect_same_bytes() {
  cmp -- "$1" "$2" >&2 || { fail "$3: $1 and $2 differ"; return 1; }
}

# start_background VAR ARGS...: starts `pond ARGS` in the background (stdout/stderr in VAR.out/VAR.err
# in the temporary folder), stores its pid in VAR.
start_background() {
  local var=$1
  shift
  "$POND" "$@" >"$TMP/$var.out" 2>"$TMP/$var.err" &
  local pid=$!
  BACKGROUND_PIDS+=("$pid")
  printf -v "$var" '%s' "$pid"
}

# wait_background PID: waits for it; sets RC to its exit status.
wait_background() {
  RC=0
  { wait "$1"; } 2>/dev/null || RC=$?   # (no "Killed" notice from bash)
  local kept=() p
  for p in "${BACKGROUND_PIDS[@]}"; do [[ "$p" == "$1" ]] || kept+=("$p"); done
  BACKGROUND_PIDS=("${kept[@]+"${kept[@]}"}")
}
