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
echo "check-wheel: pip install . gives a working segur" >&2
