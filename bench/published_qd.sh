#!/usr/bin/env bash
# Reruns the published quality-diversity experiments (CMA-ME / CMA-MAE settings: 15 emitters x 36,
# 10,000 iterations, 100 x 100 grid) with the pond command and prints a table next to the published
# means. usage: bench/published_qd.sh [POND_BINARY] [SEED] [THREADS]
set -euo pipefail
pond=${1:-./build/apps/cli/pond}
seed=${2:-1}
threads=${3:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# task algo published_norm_qd published_coverage(%) required_norm_qd required_coverage(%)
experiments=(
  "sphere map-elites 41.64 50.8 41 50"
  "sphere line-map-elites 49.07 60.4 48.5 60"
  "rastrigin map-elites 31.43 - 31 -"
  "rastrigin line-map-elites 38.29 - 38 -"
  "arm map-elites 71.40 - 71 -"
  "arm line-map-elites 74.55 - 74 -"
)
echo "| task | algorithm | published QD (cov.) | required | pond QD | pond coverage | wall s |"
echo "|---|---|---|---|---|---|---|"
for line in "${experiments[@]}"; do
  read -r task algo pub_qd pub_cov need_qd need_cov <<< "$line"
  out="$work/$task-$algo"
  start=$(date +%s%N)
  "$pond" run "$task" --algo "$algo" --seed "$seed" --threads "$threads" --out "$out" -q --no-plots > /dev/null
  end=$(date +%s%N)
  read -r qd cov < <(python3 - "$out" <<'PY'
import json, sys
info = json.load(open(sys.argv[1] + "/archive.json"))["metrics"]
print(f"{info['norm_qd_score']:.2f} {100 * info['coverage']:.1f}")
PY
)
  pub="$pub_qd"; [[ $pub_cov != - ]] && pub="$pub_qd ($pub_cov %)"
  need="≥ $need_qd"; [[ $need_cov != - ]] && need="$need, ≥ $need_cov %"
  ms=$(( (end - start) / 1000000 ))
  printf '| %s | %s | %s | %s | %s | %s %% | %d.%d |\n' "$task" "$algo" "$pub" "$need" "$qd" "$cov" $((ms / 1000)) $((ms % 1000 / 100))
done
