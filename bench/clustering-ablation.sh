#!/usr/bin/env bash
# What each signal of the pair model adds: the model retrained without it (its features'
# columns set to 0, scripts/train-clustering.sh), scored on neus-val interleaved over 14 days
# (seed 1) and on neus-val shuffled without dates, beside the full model.
#   bash bench/clustering-ablation.sh [SHARED]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
set_file=$shared/data/stories/neus-val.articles.jsonl
python3 "$shared/tools/interleave.py" "$work/val.jsonl" 14 36 1 "$set_file" >/dev/null
score() {
  local model=$1
  local dated undated
  dated=$(target/release/parallax eval clustering --articles "$work/val.jsonl" --model "$model" 2>/dev/null | grep -o 'F1 [0-9.]*' | head -1)
  undated=$(target/release/parallax eval clustering --articles "$set_file" --undated --shuffle 1 --model "$model" 2>/dev/null | grep -o 'F1 [0-9.]*' | head -1)
  echo "$dated | $undated"
}
echo "| without | neus-val 14 days, B-cubed | neus-val shuffled, no dates |"
echo "|---|---|---|"
OUT="$work/full.json" bash scripts/train-clustering.sh "$shared" >/dev/null 2>&1
echo "| (nothing: the full model) | $(score "$work/full.json") |"
for signal in "title" "names" "numbers" "lead" "near_days far_days words_recent" "nearest" "margin rival" "log_size"; do
  args=()
  for feature in $signal; do args+=(--without "$feature"); done
  OUT="$work/model.json" bash scripts/train-clustering.sh "$shared" "${args[@]}" >/dev/null 2>&1
  echo "| $signal | $(score "$work/model.json") |"
done
