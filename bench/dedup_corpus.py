#!/usr/bin/env python3
"""Builds the labelled copy-detection corpus from ../shared/data/stories/*.articles.jsonl.

Every article of every set is written out, plus planted copies of a random sample. Each planted
copy gets all of: a dateline added, its tail trimmed to 70-100% of its words, 3% of its words
changed, its paragraphs reordered, and web boilerplate added. Labels: `copy_of` (the id of the
original, or null). Articles whose normalised text is identical in the source data are labelled
as copies of the first one too: they are real duplicates.

usage: dedup_corpus.py [--shared DIR] [--sample N] [--seed S] OUT.jsonl
"""
import argparse
import glob
import json
import os
import random
import re

DATELINES = ["PORTVALE (CPA) - ", "WASHINGTON (AP) - ", "LONDON (Reuters) - ", "PARIS, March 3 (AFP) - ",
             "GENEVA (dpa) - ", "NEW YORK (AP) — "]
BOILERPLATE = [
    "Read More:\n\nOfficials weigh new rules for harbour traffic\n\nMarkets slip as traders wait",
    "You May Also Like\n\nRecommended for you\n\nTen tricks for a tidy kitchen",
    "Related News:\n\nCouncil approves budget after long debate",
    "Follow us on social media for the latest updates.",
    "214",
]
FILLER = ("also still then very quite new old big small early late main local major key "
          "said told added noted week day year time people group plan report").split()


def words_of(text):
    return re.findall(r"\w+", text.lower())


def label_natural_copies(records):
    """Labels the copies already in the data, by a method independent of parallax's: every pair
    of texts sharing a word 8-gram is compared exhaustively, and a pair is a copy when at least
    80% of the shorter text's 8-grams are in the longer one (or the texts are equal). The later
    record of a pair is labelled a copy of the earlier one's root."""
    grams = []
    index = {}
    for position, record in enumerate(records):
        words = words_of(record["text"] or "")
        shingles = {" ".join(words[i:i + 8]) for i in range(max(1, len(words) - 7))} if words else set()
        grams.append(shingles)
        for gram in shingles:
            index.setdefault(gram, []).append(position)
    parent = list(range(len(records)))

    def root(item):
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    checked = set()
    for members in index.values():
        if len(members) < 2 or len(members) > 200:
            continue
        for a_index, a in enumerate(members):
            for b in members[a_index + 1:]:
                if (a, b) in checked:
                    continue
                checked.add((a, b))
                shared = len(grams[a] & grams[b])
                if shared >= 0.8 * min(len(grams[a]), len(grams[b])):
                    ra, rb = root(a), root(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    natural = 0
    for position, record in enumerate(records):
        first = root(position)
        if first != position:
            record["copy_of"] = records[first]["id"]
            natural += 1
    return natural


def perturb(record, rng, index):
    paragraphs = [p for p in re.split(r"\n\s*\n", record["text"]) if p.strip()]
    if len(paragraphs) > 1:
        rng.shuffle(paragraphs)
    text = "\n\n".join(paragraphs)
    words = text.split(" ")
    keep = max(1, round(len(words) * rng.uniform(0.70, 1.00)))
    words = words[:keep]
    for position in rng.sample(range(len(words)), k=max(1, round(0.03 * len(words)))):
        words[position] = rng.choice(FILLER)
    text = rng.choice(DATELINES) + " ".join(words)
    text += "\n\n" + rng.choice(BOILERPLATE)
    return {
        "id": f"{record['id']}-copy{index}",
        "story": record["story"],
        "source": f"planted-outlet-{rng.randrange(50)}",
        "title": record["title"],
        "text": text,
        "published": record["published"],
        "url": None,
        "copy_of": record["id"],
        "set": record["set"],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out")
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    records = []
    for path in sorted(glob.glob(os.path.join(args.shared, "data", "stories", "*.articles.jsonl"))):
        name = os.path.basename(path).split(".")[0]
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                record["set"] = name
                record["copy_of"] = None
                records.append(record)
    if not records:
        raise SystemExit(f"no *.articles.jsonl under {args.shared}/data/stories")

    natural = label_natural_copies(records)

    candidates = [r for r in records if r["copy_of"] is None and len(words_of(r["text"] or "")) >= 15]
    originals = rng.sample(candidates, k=min(args.sample, len(candidates)))
    planted = [perturb(record, rng, 1) for record in originals]
    out = records + planted
    rng.shuffle(out)
    with open(args.out, "w", encoding="utf-8") as sink:
        for record in out:
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(out)} articles: {len(records)} from the data ({natural} labelled copies of others there), "
          f"{len(planted)} planted copies -> {args.out}")


if __name__ == "__main__":
    main()
