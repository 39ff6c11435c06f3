"""Batch baseline for story clustering: TF-IDF cosine + average-link agglomerative
clustering (scikit-learn), at the distance threshold that is best for each set.

The threshold is chosen with the gold labels, which a real system cannot do, so the
figure is an upper bound for this method. Prints one JSON object per set.
"""
import json
import sys
from collections import Counter, defaultdict

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances


def bcubed(gold, pred):
    by_pred = defaultdict(list)
    by_gold = defaultdict(list)
    for i, (g, p) in enumerate(zip(gold, pred)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    precision = recall = 0.0
    for i, (g, p) in enumerate(zip(gold, pred)):
        members = by_pred[p]
        same = sum(1 for j in members if gold[j] == g)
        precision += same / len(members)
        recall += same / len(by_gold[g])
    n = len(gold)
    precision /= n
    recall /= n
    return precision, recall, 2 * precision * recall / (precision + recall)


def main(paths):
    for path in paths:
        rows = [json.loads(line) for line in open(path, encoding="utf-8")]
        texts = [((r.get("title") or "") + "\n" + (r.get("text") or "")) for r in rows]
        gold = [r["story"] for r in rows]
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
        # Pairwise cosine distances once; a coarser threshold grid for large sets, where each
        # fit takes a minute.
        distances = cosine_distances(matrix)
        grid = np.arange(0.30, 0.96, 0.025) if len(rows) <= 3000 else np.arange(0.60, 0.91, 0.05)
        best = None
        for threshold in grid:
            model = AgglomerativeClustering(
                n_clusters=None,
                metric="precomputed",
                linkage="average",
                distance_threshold=float(threshold),
            )
            labels = model.fit_predict(distances)
            p, r, f = bcubed(gold, labels)
            if best is None or f > best[3]:
                best = (float(threshold), p, r, f, len(set(labels)))
        threshold, p, r, f, n = best
        print(json.dumps({
            "set": path.rsplit("/", 1)[-1],
            "articles": len(rows),
            "gold_stories": len(set(gold)),
            "stories": n,
            "distance_threshold": round(threshold, 3),
            "bcubed": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)},
        }))


if __name__ == "__main__":
    main(sys.argv[1:])
