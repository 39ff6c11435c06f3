#!/usr/bin/env bash
# Story clustering, side by side in one run: parallax's streaming assigner (one fixed
# configuration) against the batch baseline, TF-IDF cosine with average-link agglomerative
# clustering (scikit-learn) at the threshold that is best for each set, chosen with the gold
# labels. Then assignment speed and peak memory on synthetic streams of 10k, 100k and 1M
# articles, one core.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${BENCH_VENV:-target/cluster-venv}
data=${DATA:-../shared/data/stories}
sizes=${SIZES:-10000 100000 1000000}

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q 'scikit-learn==1.5.2' 'numpy<2.3'
cargo build -q --release
parallax=target/release/parallax

f1() { python3 -c "import json,sys; d=json.load(sys.stdin); b=d['bcubed']; print(f\"{b['precision']:.4f} {b['recall']:.4f} {b['f1']:.4f}\")"; }

echo "== quality: B-cubed precision recall F1"
printf '%-34s %-28s %s\n' set "parallax (file order)" "parallax (shuffled, seed 1)"
for set in neus-train neus-val multinews-val; do
  file="$data/$set.articles.jsonl"
  ours=$($parallax eval clustering --articles "$file" --json 2>/dev/null | f1)
  shuffled=$($parallax eval clustering --articles "$file" --shuffle 1 --json 2>/dev/null | f1)
  printf '%-34s %-28s %s\n' "$set" "$ours" "$shuffled"
done
all=(--articles "$data/neus-train.articles.jsonl" --articles "$data/neus-val.articles.jsonl" --articles "$data/multinews-val.articles.jsonl")
ours=$($parallax eval clustering "${all[@]}" --json 2>/dev/null | f1)
shuffled=$($parallax eval clustering "${all[@]}" --shuffle 1 --json 2>/dev/null | f1)
printf '%-34s %-28s %s\n' "all three, one stream" "$ours" "$shuffled"

echo "== baseline: TF-IDF + average link, best threshold per set (scikit-learn, oracle)"
taskset -c 0 "$venv/bin/python" bench/cluster_baseline.py "$data/neus-val.articles.jsonl" "$data/multinews-val.articles.jsonl" "$data/neus-train.articles.jsonl"

echo "== speed: assignment on a synthetic dated stream (neus-train repeated), one core"
for n in $sizes; do
  taskset -c 0 $parallax bench clustering --articles "$data/neus-train.articles.jsonl" --stream "$n" 2>/dev/null
done
