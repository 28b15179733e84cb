#!/usr/bin/env bash
# Same seed, same archive: byte-identical archive.bin (and result_archive.bin, metrics columns) with
# --threads 1 and --threads 2, for every algorithm; a different seed gives a different archive.
source "$(dirname "$0")/lib.sh"

# A small CVT (400 cells from 5,000 k-means samples), from a config file.
echo '{"cvt_samples": 5000, "cells": 400}' >"$TMP/cvt.json"
common=(--evals 10000 --report-every 2000 --no-plots -q)

for algo in map-elites line-map-elites cvt-map-elites novelty random; do
  extra=()
  [[ "$algo" == cvt-map-elites ]] && extra=(--config "$TMP/cvt.json")
  task=arm size=(--joints 10)
  [[ "$algo" == novelty || "$algo" == random ]] && task=rastrigin size=(--dim 10)
  for threads in 1 2; do
    expect_ok run "$task" --algo "$algo" "${size[@]}" "${common[@]}" "${extra[@]}" --seed 11 --threads $threads --out "$algo-t$threads"
  done
  expect_same_bytes "$algo-t1/archive.bin" "$algo-t2/archive.bin" "$algo: --threads 1 vs 2"
  expect_same_bytes "$algo-t1/archive.json" "$algo-t2/archive.json" "$algo: --threads 1 vs 2"
  expect_same_metrics "$algo-t1/metrics.csv" "$algo-t2/metrics.csv"
  if [[ "$algo" == novelty ]]; then
    expect_same_bytes "$algo-t1/result_archive.bin" "$algo-t2/result_archive.bin" "$algo: --threads 1 vs 2"
  fi
done

# All cores (--threads 0) too.
expect_ok run arm --algo map-elites --joints 10 "${common[@]}" --seed 11 --threads 0 --out map-elites-t0
expect_same_bytes map-elites-t1/archive.bin map-elites-t0/archive.bin "map-elites: --threads 1 vs 0"

# Another seed, another archive (and other metrics).
expect_ok run arm --algo map-elites --joints 10 "${common[@]}" --seed 12 --out map-elites-s12
if cmp -s map-elites-t1/archive.bin map-elites-s12/archive.bin; then
  fail "seeds 11 and 12 gave the same archive.bin"
fi
if diff -q <(cut -d, -f5 map-elites-t1/metrics.csv) <(cut -d, -f5 map-elites-s12/metrics.csv) >/dev/null; then
  fail "seeds 11 and 12 gave the same QD scores"
fi
