#!/usr/bin/env bash
# Set-up command 1: install everything, then check the bundled sample deposit as the ASP would.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
mkdir -p out
deposit=fixtures/sample/dep-0002
status=0
.venv/bin/segur check "$deposit/solde.json" "$deposit/pieces.zip" --avance "$deposit/avance.json" \
  --format html --out out/rapport-dep-0002.html --annotated-json out/solde-annote.json || status=$?
echo "Rapport à lire : out/rapport-dep-0002.html — solde annoté : out/solde-annote.json" >&2
# Exit status 1 only says the deposit has a blocking finding (this sample plants one).
[ "$status" -le 1 ]
