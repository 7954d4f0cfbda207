#!/usr/bin/env bash
# Install everything segur needs: Tesseract 5 with French data, a .venv, the package and its tools.
# Idempotent: a second run only checks. Debian/Ubuntu as root (or with sudo); elsewhere it says what to do.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tesseract's command and models, and its headers: tesserocr is built against this Tesseract.
have_tesseract() {
  command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx fra \
    && tesseract --list-langs 2>/dev/null | grep -qx eng \
    && command -v pkg-config >/dev/null 2>&1 && pkg-config --exists tesseract lept
}

if ! have_tesseract; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "install: Tesseract 5 + données françaises (apt-get)…" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
      tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng \
      libtesseract-dev libleptonica-dev pkg-config g++ >/dev/null
  else
    echo "install: apt-get introuvable. Installez Tesseract 5 avec les langues fra et eng :" >&2
    echo "  macOS : brew install tesseract tesseract-lang pkg-config" >&2
    echo "  Fedora : dnf install tesseract tesseract-langpack-fra tesseract-devel leptonica-devel" >&2
    exit 1
  fi
fi

# Chromium (Debian's), for the browser test of the HTML report; without it that test is skipped.
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "install: Chromium pour tester le rapport HTML (apt-get)…" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else
    echo "install: /usr/bin/chromium absent : le test du rapport HTML sera sauté." >&2
  fi
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "install: Python ≥ 3.11 requis ($("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.segur-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
  echo "install: dépendances Python dans .venv…" >&2
  .venv/bin/python -m pip install -q --upgrade pip
  # The exact versions the committed sample was generated with (an image library's new release
  # changes a JPEG's bytes): constraints.txt. tesserocr is built against the system's Tesseract,
  # the one every figure was measured with (its own wheel brings another: docs/decisions.md).
  .venv/bin/python -m pip install -q --no-binary tesserocr -c constraints.txt -e ".[dev]"
  touch "$stamp"
fi
