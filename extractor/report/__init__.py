"""Last stage, report: the JSON of output.md and a short text for the terminal."""
