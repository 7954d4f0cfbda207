"""Identifiers, one module each in the python-stdnum manner: ``compact``, ``validate``,
``is_valid``, ``format``, with stdnum's precise exceptions (``InvalidFormat``, ``InvalidLength``,
``InvalidChecksum``, ``InvalidComponent``).

SIRET and SIREN are python-stdnum's own (``stdnum.fr.siret`` handles La Poste's establishments);
FINESS, identDMP and MSSanté addresses are ours.
"""

from stdnum.fr import siren, siret

from extractor.identifiers import finess, identdmp, mss

__all__ = ["finess", "identdmp", "mss", "siren", "siret"]
