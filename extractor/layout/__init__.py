"""Stage 3, layout: words into lines, and the geometry later stages reason with."""
