#!/usr/bin/env bash
# Damaged run directories: `pond info`, `pond plot` and `pond resume` fail with one line naming the bad
# file, exit 1, and leave every file as it was.
source "$(dirname "$0")/lib.sh"

# flip_byte FILE OFFSET: flips one bit of the byte at OFFSET (negative: from the end).
flip_byte() {
  python3 -c 'import sys; p, i = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, "rb").read()); b[i] ^= 0x10; open(p, "wb").write(b)' "$1" "$2"
}
# fresh NAME FROM: a copy of the run FROM, its snapshot in $TMP/NAME.sums after the caller damages it.
fresh() { rm -rf "$1"; cp -r "$2" "$1"; }
seal() { snapshot "$1" >"$TMP/$1.sums"; }
unchanged() { expect_same_snapshot "$TMP/$1.sums" "$1" "$2"; }

small=(--evals 5000 --dim 6 --report-every 1000 -q)
expect_ok run sphere "${small[@]}" --out good
expect_ok run sphere "${small[@]}" --algo novelty --out novelty
expect_ok run sphere "${small[@]}" --seed 1 --no-plots --out seed1
size=$(stat -c %s good/archive.bin)

# ---- archive.bin: truncated, empty, one bit flipped, another file's bytes.
for damage in half empty flip-middle flip-last wrong-magic; do
  fresh a-$damage good
  case $damage in
    half) truncate -s $((size / 2)) a-$damage/archive.bin ;;
    empty) : >a-$damage/archive.bin ;;
    flip-middle) flip_byte a-$damage/archive.bin $((size / 2)) ;;
    flip-last) flip_byte a-$damage/archive.bin -1 ;;
    wrong-magic) cp good/checkpoint.bin a-$damage/archive.bin ;;
  esac
  seal a-$damage
  expect_fail 1 "a-$damage/archive.bin" -- plot a-$damage
  unchanged a-$damage "pond plot with archive.bin $damage"
  expect_fail 1 "a-$damage/archive.bin" -- info a-$damage --json
  unchanged a-$damage "pond info with archive.bin $damage"
done
fresh a-half good
truncate -s $((size / 2)) a-half/archive.bin
expect_fail 1 "a-half/archive.bin" "truncated or corrupt" -- info a-half
expect_fail 1 "a-half/archive.bin" "truncated or corrupt" -- plot a-half

# ---- result_archive.bin of a novelty search.
fresh r-half novelty
truncate -s 100 r-half/result_archive.bin
seal r-half
expect_fail 1 "r-half/result_archive.bin" -- plot r-half
expect_fail 1 "r-half/result_archive.bin" -- info r-half --json
unchanged r-half "pond plot / info with a truncated result_archive.bin"

# ---- checkpoint.bin: pond resume fails and changes nothing.
csize=$(stat -c %s good/checkpoint.bin)
for damage in half empty header flip-first flip-middle flip-last wrong-magic other-seed; do
  fresh c-$damage good
  case $damage in
    half) truncate -s $((csize / 2)) c-$damage/checkpoint.bin ;;
    empty) : >c-$damage/checkpoint.bin ;;
    header) truncate -s 8 c-$damage/checkpoint.bin ;;
    flip-first) flip_byte c-$damage/checkpoint.bin 0 ;;
    flip-middle) flip_byte c-$damage/checkpoint.bin $((csize / 2)) ;;
    flip-last) flip_byte c-$damage/checkpoint.bin -1 ;;
    wrong-magic) cp good/archive.bin c-$damage/checkpoint.bin ;;
    other-seed) cp seed1/checkpoint.bin c-$damage/checkpoint.bin ;;
  esac
  seal c-$damage
  expect_fail 1 "c-$damage/checkpoint.bin" -- resume c-$damage -q
  unchanged c-$damage "pond resume with checkpoint.bin $damage"
done
expect_fail 1 "different configuration" -- resume c-other-seed
expect_fail 1 "c-half/checkpoint.bin" -- resume c-half -q --threads 2 --no-plots
unchanged c-half "pond resume --threads 2 with checkpoint.bin half"

# A run.json edited after the run (another sigma): the checkpoint no longer matches.
fresh edited good
sed -i 's/"sigma": 0.5,/"sigma": 0.25,/' edited/run.json
grep -q '"sigma": 0.25' edited/run.json || fail "could not edit run.json"
seal edited
expect_fail 1 "edited/checkpoint.bin" "different configuration" -- resume edited -q
unchanged edited "pond resume after run.json was edited"

# `pond resume DIR --evals N` with a bad checkpoint: run.json keeps its budget too.
fresh c-extend good
truncate -s $((csize / 2)) c-extend/checkpoint.bin
seal c-extend
expect_fail 1 "c-extend/checkpoint.bin" -- resume c-extend -q --evals 10000
unchanged c-extend "pond resume --evals 10000 with a truncated checkpoint.bin"

# ---- metrics.csv: a bad row, a bad header, shorter than the checkpoint says.
fresh m-row good
echo "1,2,abc" >>m-row/metrics.csv
seal m-row
expect_fail 1 "m-row/metrics.csv:" "abc" -- plot m-row
expect_fail 1 "m-row/metrics.csv:" -- info m-row
unchanged m-row "pond plot / info with a bad metrics row"
fresh m-header good
sed -i '1s/qd_score/qd/' m-header/metrics.csv
seal m-header
expect_fail 1 "m-header/metrics.csv:1" "header" -- plot m-header
unchanged m-header "pond plot with a bad metrics header"
fresh m-short good
truncate -s 50 m-short/metrics.csv
seal m-short
expect_fail 1 "m-short/metrics.csv" "shorter" -- resume m-short -q
unchanged m-short "pond resume with a short metrics.csv"

# ---- run.json: not JSON, truncated, not a pond run, a bad field, missing; and no folder at all.
for damage in garbage truncated not-a-run bad-field missing; do
  fresh j-$damage good
  case $damage in
    garbage) echo 'garbage{' >j-$damage/run.json ;;
    truncated) truncate -s 40 j-$damage/run.json ;;
    not-a-run) echo '{"format": "something-else", "config": {}}' >j-$damage/run.json ;;
    bad-field) sed -i 's/"evals": 5000/"evals": -5/' j-$damage/run.json ;;
    missing) rm j-$damage/run.json ;;
  esac
  seal j-$damage
  case $damage in
    garbage | truncated) patterns=("j-$damage/run.json" "not valid JSON") ;;
    not-a-run) patterns=("j-$damage/run.json" "not a pond run") ;;
    bad-field) patterns=("j-$damage/run.json" "field 'evals'" "-5") ;;
    missing) patterns=("j-$damage" "no run.json") ;;
  esac
  for command in info plot "resume -q"; do
    # shellcheck disable=SC2086
    expect_fail 1 "${patterns[@]}" -- $command j-$damage
    unchanged j-$damage "pond $command with run.json $damage"
  done
done
for command in info plot resume; do
  expect_fail 1 "no-such-run" -- $command no-such-run
done
expect_absent no-such-run

# ---- pond plot / info on a run that has not finished (checkpoint, no archive yet).
fresh unfinished good
rm unfinished/archive.bin unfinished/archive.json unfinished/*.png
seal unfinished
expect_fail 1 "unfinished" "no archive.bin" -- plot unfinished
unchanged unfinished "pond plot on an unfinished run"
expect_ok info unfinished
expect_contains "$OUT" "(resumable)"
