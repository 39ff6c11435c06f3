#!/usr/bin/env bash
# Trains the story-grouping pair model on neus-train only and writes the weights parallax ships
# (crates/parallax-cluster/src/pair-model.json). Deterministic: the same data give the same file.
#   scripts/train-clustering.sh [SHARED]      (SHARED defaults to ../shared)
# It interleaves neus-train in time (tools/interleave.py, 14 days, +-36 h, seed 1), trains on that
# stream and on the same articles undated and shuffled (seed 7), and chooses the join and merge
# probabilities that give the best mean B-cubed F1 on those two streams.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$shared/tools/interleave.py" "$work/neus-train.jsonl" 14 36 1 \
  "$shared/data/stories/neus-train.articles.jsonl"
cargo build --release --quiet -p parallax
target/release/parallax train clustering --articles "$work/neus-train.jsonl" --undated-shuffle 7 \
  --out crates/parallax-cluster/src/pair-model.json "${@:2}"
