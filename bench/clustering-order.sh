#!/usr/bin/env bash
# Order independence of story grouping on neus-val: the same articles delivered in publication
# order (interleave.py seed 1), in two other interleavings (seeds 2 and 3: other times, so
# another order), shuffled with the dates kept, and shuffled with the dates removed (no clock at
# all); each run's stories scored with B-cubed against the seed-1 run's.
#   bash bench/clustering-order.sh [SHARED]     (needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
set_file=$shared/data/stories/neus-val.articles.jsonl
bin=target/release/parallax
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for seed in 1 2 3; do
  python3 "$shared/tools/interleave.py" "$work/s$seed.jsonl" 14 36 "$seed" "$set_file" >/dev/null
done
"$bin" eval clustering --articles "$work/s1.jsonl" --write-stories "$work/reference.jsonl" 2>/dev/null \
  | sed 's/^/publication order, seed 1 (against gold): /'
against() { "$bin" eval clustering "$@" --against "$work/reference.jsonl" 2>/dev/null | tail -1; }
echo "interleaving seed 2: $(against --articles "$work/s2.jsonl")"
echo "interleaving seed 3: $(against --articles "$work/s3.jsonl")"
echo "seed 1 shuffled (seed 5), dates kept: $(against --articles "$work/s1.jsonl" --shuffle 5)"
echo "shuffled (seed 5), dates removed: $(against --articles "$set_file" --shuffle 5 --undated)"
echo "shuffled (seed 6), dates removed, against shuffled (seed 5) without dates:"
"$bin" eval clustering --articles "$set_file" --shuffle 5 --undated --write-stories "$work/undated.jsonl" >/dev/null 2>&1
"$bin" eval clustering --articles "$set_file" --shuffle 6 --undated --against "$work/undated.jsonl" 2>/dev/null | tail -1
