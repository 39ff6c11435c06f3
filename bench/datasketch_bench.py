#!/usr/bin/env python3
"""datasketch MinHash LSH over the same articles, shingles and permutations as
`parallax bench duplicates`: word 3-gram shingles of the lowercased `\\w+` tokens of each
article's text, 126 permutations, 42 bands of 3 rows; every article inserted and queried.
Prints one JSON object with docs/s. usage: datasketch_bench.py ARTICLES.jsonl"""
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

PERMUTATIONS, BANDS, ROWS, WORDS = 126, 42, 3, 3


def shingles(text):
    tokens = re.findall(r"\w+", text.lower())
    if len(tokens) < WORDS:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i:i + WORDS]) for i in range(len(tokens) - WORDS + 1)}


def main():
    texts = []
    with open(sys.argv[1], encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            texts.append((record["id"], record.get("text") or record.get("title") or ""))
    best = float("inf")
    candidates = 0
    for _ in range(3):
        started = time.perf_counter()
        lsh = MinHashLSH(num_perm=PERMUTATIONS, params=(BANDS, ROWS))
        signatures = []
        for key, text in texts:
            signature = MinHash(num_perm=PERMUTATIONS, seed=1)
            for shingle in shingles(text):
                signature.update(shingle.encode("utf-8"))
            lsh.insert(key, signature)
            signatures.append(signature)
        candidates = sum(len(lsh.query(signature)) - 1 for signature in signatures)
        best = min(best, time.perf_counter() - started)
    print(json.dumps({"articles": len(texts), "seconds": best, "docs_per_second": len(texts) / best,
                      "candidate_pairs": candidates // 2}))


if __name__ == "__main__":
    main()
