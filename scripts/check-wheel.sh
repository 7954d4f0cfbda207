#!/usr/bin/env bash
# A plain (non-editable) `pip install .` into a throwaway venv must give a working `segur`.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q "$PWD"
cd "$tmp"
"$tmp/venv/bin/segur" extract "$OLDPWD/fixtures/sample/dep-0001/pieces.zip" --format json >"$tmp/out.json"
"$tmp/venv/bin/python" -c "import json,sys; d=json.load(open(sys.argv[1])); assert d['files'] and not any('error' in f for f in d['files']), d" "$tmp/out.json"
# The document-type classifier is installed with the package and predicts from there.
"$tmp/venv/bin/python" - <<'PY'
from extractor.classify.model import INSTALLED_MODELS, load_model, model_dir

assert model_dir().is_relative_to(INSTALLED_MODELS), model_dir()
p = load_model().predict(["PROCÈS-VERBAL DE RECETTE\nLa recette est prononcée sans réserve."])[0]
assert max(p, key=p.get) == "pv_recette", p
PY
echo "check-wheel: pip install . gives a working segur and its document-type model" >&2
