"""Stage 2, OCR: prepare a page image (scale, orientation, skew, cleaning) for Tesseract."""

import os

# Tesseract's OpenMP threads fight each other when pages run in parallel: one thread per process.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
