#!/usr/bin/env bash
# `pond run TASK` with each algorithm: the files of a run directory, the summary, `pond info` (text and
# --json) and `pond plot`. Usage: run_task.sh PATH/TO/pond TASK
TEST_NAME="run_${2:?usage: run_task.sh POND TASK}"
source "$(dirname "$0")/lib.sh"
TASK=$2
EVALS=6000
case "$TASK" in
  arm) SIZE=(--joints 10); SIZE_TEXT="(joints 10)" ;;
  *) SIZE=(--dim 10); SIZE_TEXT="(dim 10)" ;;
esac

for algo in map-elites line-map-elites cvt-map-elites novelty random; do
  dir="runs/$TASK/$algo"   # parents are created
  extra=()
  [[ "$algo" == cvt-map-elites ]] && extra=(--cells 400 --cvt-samples 5000)   # a small CVT
  plots=(); [[ "$algo" == line-map-elites || "$algo" == random ]] && plots=(--no-plots)
  quiet=(-q); [[ "$algo" == map-elites ]] && quiet=()
  expect_ok run "$TASK" --algo "$algo" --evals $EVALS "${SIZE[@]}" --report-every 1000 --seed 3 "${extra[@]}" \
    "${plots[@]}" "${quiet[@]}" --out "$dir"

  # Summary on stdout; with -q nothing on stderr, else progress lines (and no error).
  expect_contains "$OUT" "pond $TASK $algo (seed 3): $EVALS evaluations"
  expect_contains "$OUT" "results in $dir/"
  if ((${#quiet[@]})); then
    [[ ! -s "$ERR" ]] || { show_output; fail "$algo: -q but stderr is not empty"; }
  else
    expect_contains "$ERR" "$EVALS/$EVALS evals"
    ! grep -q "error" "$ERR" || { show_output; fail "$algo: an error on stderr"; }
  fi

  # The files.
  expect_files "$dir" run.json metrics.csv checkpoint.bin archive.bin archive.json
  if [[ "$algo" == novelty ]]; then
    expect_files "$dir" result_archive.bin result_archive.json
  else
    expect_no_files "$dir" result_archive.bin result_archive.json novelty.png
  fi
  pictures=(heatmap.png progress.png)
  [[ "$algo" == novelty ]] && pictures+=(novelty.png)
  if ((${#plots[@]})); then
    expect_no_files "$dir" "${pictures[@]}"
  else
    for picture in "${pictures[@]}"; do expect_png "$dir/$picture"; done
  fi

  # pond info: text.
  elites=$(metrics_column "$dir/metrics.csv" 3 | tail -1)
  archive_size=$(metrics_column "$dir/metrics.csv" 9 | tail -1)
  expect_ok info "$dir"
  expect_contains "$OUT" "task:           $TASK $SIZE_TEXT"
  expect_contains "$OUT" "algorithm:      $algo (15 emitters, 540 candidates per iteration)"
  expect_contains "$OUT" "seed:           3"
  expect_contains "$OUT" "progress:       $EVALS of $EVALS evaluations (finished)"
  case "$algo" in
    novelty)
      expect_contains "$OUT" "archive:        novelty archive, $archive_size elites"
      expect_contains "$OUT" "result_archive: grid archive, $elites elites in 10000 cells" ;;
    cvt-map-elites) expect_contains "$OUT" "archive:        cvt archive, $elites elites in 400 cells" ;;
    *) expect_contains "$OUT" "archive:        grid archive, $elites elites in 10000 cells" ;;
  esac

  # pond info --json: one JSON object with the same numbers as metrics.csv; with the run's files
  # (run.json, archive.json, metrics.csv) checked by check_run.py.
  expect_ok info "$dir" --json
  cp "$OUT" "$TMP/info.json"
  python3 "$HERE/check_run.py" "$dir" "$TASK" "$algo" $EVALS 3 "$TMP/info.json" ||
    fail "$algo: check_run.py $dir"

  # pond plot draws the pictures for the first time after --no-plots, or again (novelty: three
  # pictures), and touches nothing else.
  [[ ${#plots[@]} -gt 0 || "$algo" == novelty ]] || continue
  snapshot "$dir" | grep -v '\.png$' >"$TMP/before" || true
  rm -f "$dir"/*.png
  expect_ok plot "$dir"
  for picture in "${pictures[@]}"; do
    expect_png "$dir/$picture"
    expect_contains "$OUT" "wrote $dir/$picture"
  done
  expect_eq "$(grep -c . "$OUT")" "${#pictures[@]}" "$algo: lines printed by pond plot"
  expect_eq "$(snapshot "$dir" | grep -v '\.png$')" "$(cat "$TMP/before")" "$algo: non-picture files after pond plot"
done
