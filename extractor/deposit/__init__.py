"""Stage 6a, deposit: the solde and avance JSON as a typed model, and the attachments of each line.

Raw JSON → field names mapped (:mod:`.names`) → checked against the project's JSON Schemas and
identifier checksums (:mod:`.validate`) → :class:`.model.Solde` / :class:`.model.Avance`.
"""
