"""Stage 6b, deposit rules: every finding of ``shared/spec/findings.md``, one small function each.

A rule takes a :class:`~extractor.rules.context.LineContext` (what the line declares, its avance
line, the documents read from its attachments) and yields
:class:`~extractor.rules.findings.Finding` objects.
"""
