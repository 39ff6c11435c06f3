#!/usr/bin/env python3
"""Builds a large news stream for the engine benchmark from ../shared/data/stories.

Every article of neus-train, neus-val and multinews-val is one "base" article. The stream
repeats the base articles round after round until it holds N articles. Each round is a month
after the last, so a round's stories are over before the next round's begin. Within a round,
each story gets a centre day spread over the month and its articles a time within 36 hours of
it, and the stream is written in time order, as a feed delivers it.

From the second round on, 30% of each article's words are replaced by words from a fixed
filler list and every capitalised word gets a round suffix ("Putin" -> "Putinb"). So a later
round's stories are new events with new names, not copies of the first round's.

Records are `{id, source, title, text, published, url}`, so `parallax ingest` reads them as
JSON Lines.

usage: engine_corpus.py [--shared DIR] [--seed S] N OUT.jsonl
"""
import argparse
import datetime
import json
import os
import random
import re

SETS = ["neus-train", "neus-val", "multinews-val"]
FILLER = ("also still then very quite new old big small early late main local major key "
          "said told added noted week day year time people group plan report area city "
          "state team house court market price rate vote talks deal").split()
WORD = re.compile(r"\S+")
START = datetime.datetime(2022, 1, 1, tzinfo=datetime.timezone.utc)


def load(shared):
    articles = []
    for name in SETS:
        path = os.path.join(shared, "data", "stories", f"{name}.articles.jsonl")
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("text"):
                    articles.append(record)
    return articles


def suffix(round_number):
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    n = round_number
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = letters[r] + out
    return out


def perturb(text, rng, round_number):
    if round_number == 0:
        return text
    tag = suffix(round_number)

    def change(match):
        word = match.group(0)
        if word[:1].isupper():
            return word + tag
        if rng.random() < 0.3:
            return rng.choice(FILLER)
        return word

    return WORD.sub(change, text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = load(args.shared)
    stories = sorted({record["story"] for record in base})
    written = 0
    round_number = 0
    with open(args.out, "w", encoding="utf-8") as out:
        while written < args.count:
            round_start = START + datetime.timedelta(days=31 * round_number)
            centre = {story: rng.uniform(1.5, 29.5) for story in stories}
            timed = []
            for record in base:
                hours = rng.uniform(-36, 36)
                at = round_start + datetime.timedelta(days=centre[record["story"]], hours=hours)
                timed.append((at, record))
            timed.sort(key=lambda pair: (pair[0], pair[1]["id"]))
            for at, record in timed:
                if written >= args.count:
                    break
                title = perturb(record.get("title") or "", rng, round_number)
                text = perturb(record["text"], rng, round_number)
                out.write(json.dumps({
                    "id": f"{record['id']}-r{round_number}",
                    "story": f"{record['story']}-r{round_number}",
                    "source": record.get("source"),
                    "title": title,
                    "text": text,
                    "published": at.replace(microsecond=0).isoformat(),
                    "url": None,
                }) + "\n")
                written += 1
            round_number += 1


if __name__ == "__main__":
    main()
