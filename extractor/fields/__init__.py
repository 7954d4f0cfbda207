"""Stage 4, fields: find the values that matter on a document's pages, with provenance."""
