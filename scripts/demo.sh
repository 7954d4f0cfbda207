#!/usr/bin/env bash
# Set-up command 1: install everything, then run segur on the bundled sample deposit.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
mkdir -p out
.venv/bin/segur extract fixtures/sample/dep-0001/pieces.zip --format json --layout --out out/sample-extract.json
.venv/bin/segur extract fixtures/sample/dep-0001/pieces.zip --format text
echo "Résultat complet (JSON) : out/sample-extract.json" >&2
