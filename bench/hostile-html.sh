#!/usr/bin/env bash
# Hostile HTML: how long `parallax ingest` takes on pages built to make an HTML parser slow
# (deep nesting, unclosed and misnested tags, attribute floods), each about 1 MB, beside a
# plain 1 MB article page. Every page must be extracted or refused in under 2 s, and within 3x
# of the plain page. Usage: bench/hostile-html.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p parallax
pages=$(mktemp -d)
trap 'rm -rf "$pages"' EXIT
python3 bench/hostile-html.py "$pages"
printf '%-24s %8s %8s  %s\n' page bytes seconds outcome
for file in "$pages"/*.html; do
  store=$(mktemp -d)
  start=$(date +%s.%N)
  outcome=$( (timeout 130 target/release/parallax --data-dir "$store" ingest "$file" 2>&1 || echo "exit $?") | tail -2 | tr "\n" " " | cut -c1-110)
  end=$(date +%s.%N)
  printf '%-24s %8s %8.2f  %s\n' "$(basename "$file" .html)" "$(stat -c %s "$file")" \
    "$(echo "$end - $start" | bc)" "$outcome"
  rm -rf "$store"
done
