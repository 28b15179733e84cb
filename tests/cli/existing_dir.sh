#!/usr/bin/env bash
# `pond run --out DIR` never touches an existing run or a non-empty folder: error, exit 1, and every file
# byte-identical afterwards.
source "$(dirname "$0")/lib.sh"

small=(--evals 3000 --dim 5 --report-every 1000 -q)
expect_ok run sphere "${small[@]}" --out finished
expect_files finished run.json metrics.csv checkpoint.bin archive.bin archive.json heatmap.png progress.png
snapshot finished >"$TMP/finished.sums"

# The same run again, another run, a config file, the path spelled differently: all refused.
for args in "sphere ${small[*]} --out finished" "arm --evals 500 --joints 4 --algo random --out finished" \
  "sphere --evals 500 --dim 5 --no-plots --out finished/" "sphere --evals 500 --dim 5 --out ./finished" \
  "--config $TMP/other.json --out finished"; do
  echo '{"task": "rastrigin", "evals": 700, "dim": 3}' >"$TMP/other.json"
  # shellcheck disable=SC2086
  expect_fail 1 "already holds a run" "pond resume" -- run $args
  expect_same_snapshot "$TMP/finished.sums" finished "after 'pond run $args'"
done
expect_eq "$(ls -A)" "finished" "folders after the refused runs"

# An interrupted run (checkpoint, no archive yet) is a run too.
cp -r finished interrupted
rm interrupted/archive.bin interrupted/archive.json interrupted/*.png
snapshot interrupted >"$TMP/interrupted.sums"
expect_fail 1 "already holds a run" -- run sphere "${small[@]}" --out interrupted
expect_same_snapshot "$TMP/interrupted.sums" interrupted "after pond run into an interrupted run"

# Even a folder with only run.json.
mkdir only-run-json
cp finished/run.json only-run-json/
expect_fail 1 "already holds a run" -- run sphere "${small[@]}" --out only-run-json
expect_eq "$(ls -A only-run-json)" "run.json" "files in only-run-json"
expect_same_bytes finished/run.json only-run-json/run.json "run.json after a refused run"

# A non-empty folder without run.json.
mkdir -p notes/sub
echo "my notes" >notes/notes.txt
echo "more" >notes/sub/more.txt
snapshot notes >"$TMP/notes.sums"
expect_fail 1 "notes" "not empty" -- run sphere "${small[@]}" --out notes
expect_same_snapshot "$TMP/notes.sums" notes "after pond run into a non-empty folder"
expect_eq "$(find notes | sort | tr '\n' ' ')" "notes notes/notes.txt notes/sub notes/sub/more.txt " "files in notes/"

# A hidden file is still content.
mkdir hidden
touch hidden/.keep
expect_fail 1 "not empty" -- run sphere "${small[@]}" --out hidden
expect_eq "$(ls -A hidden)" ".keep" "files in hidden/"

# A file where the folder should be, and a folder below a file.
echo "a file" >plain.txt
expect_fail 1 "plain.txt" "not a folder" -- run sphere "${small[@]}" --out plain.txt
expect_eq "$(cat plain.txt)" "a file" "plain.txt after pond run --out plain.txt"
expect_fail 1 "plain.txt/sub" -- run sphere "${small[@]}" --out plain.txt/sub
expect_eq "$(cat plain.txt)" "a file" "plain.txt after pond run --out plain.txt/sub"

# An existing empty folder is fine, and so are missing parents.
mkdir empty
expect_ok run sphere "${small[@]}" --out empty
expect_ok run sphere "${small[@]}" --out new/nested/run
expect_same_bytes finished/archive.bin empty/archive.bin "the same run in an existing empty folder"
expect_same_bytes finished/archive.bin new/nested/run/archive.bin "the same run in new nested folders"

# Without --out: runs/TASK-ALGO-sSEED, and the second time it is refused.
expect_ok run sphere "${small[@]}" --seed 5 --algo random
expect_files runs/sphere-random-s5 run.json archive.bin
expect_contains "$OUT" "results in runs/sphere-random-s5/"
snapshot runs >"$TMP/runs.sums"
expect_fail 1 "runs/sphere-random-s5" "already holds a run" -- run sphere "${small[@]}" --seed 5 --algo random
expect_same_snapshot "$TMP/runs.sums" runs "after a second run to the default folder"

# Nothing above changed the first run.
expect_same_snapshot "$TMP/finished.sums" finished "at the end"
