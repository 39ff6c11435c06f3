#!/usr/bin/env bash
# Runs fuzz targets one after another, each for SECONDS on one core, growing its corpus in
# fuzz/corpus/TARGET (committed: small inputs only) and writing any crash or hang (an input over
# 10 s) to fuzz/artifacts/TARGET/. Prints each target's executions and crash count.
# Usage: fuzz/run.sh SECONDS [TARGET...]   (all targets when none are named)
set -uo pipefail
cd "$(dirname "$0")"
seconds=$1
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
export TMPDIR=${TMPDIR:-/dev/shm}
mkdir -p logs
failed=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  cargo +nightly fuzz run "$target" "corpus/$target" -- -max_total_time="$seconds" \
    -rss_limit_mb=2048 -timeout=10 -max_len=65536 -artifact_prefix="artifacts/$target/" \
    -print_final_stats=1 >"logs/$target.log" 2>&1
  status=$?
  runs=$(grep -oP 'stat::number_of_executed_units: *\K[0-9]+' "logs/$target.log" || echo "?")
  crashes=$(find "artifacts/$target" -type f | wc -l)
  printf '%s  %-18s %5s s  %12s runs  exit %s  %s crash file(s)\n' "$(date -u +%FT%TZ)" \
    "$target" "$seconds" "$runs" "$status" "$crashes"
  [ "$status" -eq 0 ] || failed=1
done
exit $failed
