#!/usr/bin/env bash
# Story grouping, side by side in one run: the quality table (every interleaved dev stream with
# the batch TF-IDF average-link baselines beside parallax, see bench/clustering-table.sh), then
# assignment speed and peak memory on synthetic dated streams of 10k, 100k and 1M articles, one
# core.   bash bench/clustering.sh [SHARED]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
sizes=${SIZES:-10000 100000 1000000}
cargo build -q --release -p parallax
echo "== quality: B-cubed, interleaved streams (tools/interleave.py 14 days, +-36 h)"
bash bench/clustering-table.sh "$shared"
echo "== speed: assignment on a synthetic dated stream (neus-train repeated), one core"
for n in $sizes; do
  taskset -c 0 target/release/parallax bench clustering \
    --articles "$shared/data/stories/neus-train.articles.jsonl" --stream "$n" 2>/dev/null
done
