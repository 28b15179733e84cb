#!/usr/bin/env bash
# `pond --help`, each subcommand's --help, --version, and usage errors (exit 2, one line).
source "$(dirname "$0")/lib.sh"

expect_ok --help
for word in run resume info plot bench lineage fish --version; do expect_contains "$OUT" "$word"; done

expect_ok --version
grep -qE '^pond [0-9]+\.[0-9]+\.[0-9]+' "$OUT" || fail "--version: '$(cat "$OUT")'"

expect_ok run --help
for option in task --algo --evals --batch --emitters --seed --threads --dim --joints --sigma --sigma-iso \
  --sigma-line --resolution --cells --k --threshold --report-every --checkpoint-every --config --out --quiet \
  --no-plots; do
  expect_contains "$OUT" "$option"
done
for name in sphere rastrigin arm map-elites line-map-elites cvt-map-elites novelty random; do
  expect_contains "$OUT" "$name"
done

expect_ok resume --help
for option in dir --evals --threads --quiet --no-plots; do expect_contains "$OUT" "$option"; done

expect_ok info --help
for option in dir --json; do expect_contains "$OUT" "$option"; done

expect_ok plot --help
expect_contains "$OUT" dir

expect_ok lineage --help
for option in dir --id --out --json; do expect_contains "$OUT" "$option"; done

expect_ok fish --help
for option in dir --target --tolerance --demand --k --refine --seed --threads --out --json; do expect_contains "$OUT" "$option"; done

expect_ok bench unforeseen --help
for option in --pond-evals --goals --refine --full-plans --arm-joints --arm-targets --no-arm --seed --threads --out; do
  expect_contains "$OUT" "$option"
done

# Help and usage errors create nothing.
expect_eq "$(ls -A)" "" "files created by --help"

# Usage errors: exit 2, one line.
expect_fail 2 "subcommand" -- 
expect_fail 2 "" -- frob
expect_fail 2 "--bogus" -- run sphere --bogus
expect_fail 2 "dir" -- info
expect_fail 2 "dir" -- plot
expect_fail 2 "dir" -- resume
expect_fail 2 "--id" -- lineage .
expect_fail 2 "--demand" -- fish . --target 1,2 --demand x.json
expect_fail 2 "--json" -- plot . --json
expect_eq "$(ls -A)" "" "files created by usage errors"
