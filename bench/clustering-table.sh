#!/usr/bin/env bash
# The story-grouping table of issue 17: every interleaved dev stream (seeds 1, 2, 3), the
# undated shuffled sets, and the batch baselines beside parallax, in one run.
#   bench/clustering-table.sh [SHARED]     (SHARED defaults to ../shared; needs a release build)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-../shared}
data=$shared/data/stories
bin=target/release/parallax
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
row() { # name, then eval arguments
  local name=$1; shift
  "$bin" eval clustering "$@" --baseline --json 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin); b = r["bcubed"]; name = sys.argv[1]
base = {x["name"]: x["bcubed"]["f1"] for x in r["baselines"]}
plain = base.get("TF-IDF average link"); window = base.get("TF-IDF average link, pairs > 72 h apart never linked")
fmt = lambda v: "-" if v is None else f"{v:.3f}"
p, r, f = b["precision"], b["recall"], b["f1"]
print(f"| {name} | {p:.3f} / {r:.3f} / **{f:.3f}** | {fmt(plain)} | {fmt(window)} |")
' "$name"
}
echo "| stream | parallax (P / R / F1) | TF-IDF average link, best threshold | same, pairs > 72 h apart never linked |"
echo "|---|---|---|---|"
for seed in 1 2 3; do
  for set in neus-val multinews-val neus-train; do
    python3 "$shared/tools/interleave.py" "$work/$set.jsonl" 14 36 "$seed" "$data/$set.articles.jsonl" >/dev/null
    row "$set, 14 days, seed $seed" --articles "$work/$set.jsonl"
  done
  python3 "$shared/tools/interleave.py" "$work/all.jsonl" 14 36 "$seed" \
    "$data/neus-train.articles.jsonl" "$data/neus-val.articles.jsonl" "$data/multinews-val.articles.jsonl" >/dev/null
  row "all three, 14 days, seed $seed" --articles "$work/all.jsonl"
done
for set in neus-val multinews-val; do
  row "$set, shuffled (seed 1), no dates" --articles "$data/$set.articles.jsonl" --undated --shuffle 1
done
