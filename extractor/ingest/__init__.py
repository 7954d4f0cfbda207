"""Stage 1, ingest: turn command-line paths into sources (bytes + a display name), read safely."""
