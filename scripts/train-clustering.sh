#!/usr/bin/env bash
# Trains the story-grouping pair model on neus-train only and writes the weights parallax ships
# (crates/parallax-cluster/src/pair-model.json). Deterministic: the same data give the same file.
#   scripts/train-clustering.sh [SHARED]      (SHARED defaults to ../shared)
# It interleaves neus-train in time twice (tools/interleave.py, +-36 h, seed 1): over 14 days
# (~175 stories a day, dense) and over 100 days (~25 a day), trains on both streams and on each
# undated and shuffled (seed 7), and chooses the join and merge probabilities that give the best
# mean B-cubed F1 on those four streams. Extra arguments go to `parallax train clustering`; OUT
# sets where the model goes (an ablation: OUT=/tmp/no-names.json scripts/train-clustering.sh
# ../shared --without names).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for days in 14 100; do
  python3 "$shared/tools/interleave.py" "$work/neus-train-$days.jsonl" "$days" 36 1 \
    "$shared/data/stories/neus-train.articles.jsonl"
done
cargo build --release --quiet -p parallax
target/release/parallax train clustering --articles "$work/neus-train-14.jsonl" \
  --articles "$work/neus-train-100.jsonl" --undated-shuffle 7 \
  --out "${OUT:-crates/parallax-cluster/src/pair-model.json}" "${@:2}"
